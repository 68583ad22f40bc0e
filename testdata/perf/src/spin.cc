/*
 * spin.cc - spin.c's idea in C++: CPU time in a function template, an
 * operator of a class template in a namespace, a lambda and an anonymous
 * namespace, recorded with perf to make testdata/perf/cxx-*.perf (see
 * record.sh): real mangled names for the demangling tests.
 */
#include <functional>

namespace geo {
template <typename T> struct Vec {
	T x, y;
	__attribute__((noinline)) Vec operator+(const Vec &o) const
	{
		Vec r{x, y};
		for (int i = 0; i < 200; i++)
			r.x = r.x * 0.999 + o.x;
		r.y = r.y + o.y;
		return r;
	}
};

namespace {
__attribute__((noinline)) unsigned long hidden(unsigned long n)
{
	unsigned long x = 7;

	for (unsigned long i = 0; i < n; i++)
		x = x * 2654435761u + 1;
	return x;
}
}

template <typename T, int N>
__attribute__((noinline)) T scaled(const std::function<T(T)> &f, T v)
{
	for (int i = 0; i < N; i++)
		v = f(v);
	return v;
}
}

static volatile unsigned long sink;

int main()
{
	geo::Vec<double> a{1, 2}, b{3, 4};
	auto step = [](unsigned long v) { return geo::hidden(v % 5000 + 20000); };

	for (int r = 0; r < 300; r++) {
		for (int k = 0; k < 2000; k++)
			a = a + b;
		sink += geo::scaled<unsigned long, 20>(step, (unsigned long)r);
	}
	sink += (unsigned long)a.x;
	return 0;
}
