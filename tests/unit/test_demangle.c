/*
 * test_demangle.c - sk_demangle and sk_profile_demangle: C++ names taken
 * with nm from a small program of templates, namespaces, lambdas and
 * operators (g++ 12), Rust names taken with nm from a small program
 * built by rustc 1.95 with both manglings, Rust legacy symbols of the
 * shapes std has, and the Rust v0 examples of the rustc book's "v0 Symbol
 * Format" (RFC 2603's grammar); names that only look mangled stay.
 */
#include <stackkit/stackkit.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/check_main.h"

struct pair {
	const char *mangled;
	const char *plain;	/* NULL: stays as it is */
};

static const struct pair cases[] = {
	/* C++: g++ -c of namespaces geo, geo::detail, a lambda in run() */
	{ "_Z3runi", "run(int)" },
	{ "_ZN3geo12_GLOBAL__N_16hiddenEi", "geo::(anonymous namespace)::hidden(int)" },
	{ "_ZN3geo5applyESt8functionIFiiEEi", "geo::apply(std::function<int (int)>, int)" },
	{ "_ZN3geo6detail3sumIiLi3EEET_RKSt6vectorIS2_SaIS2_EE",
	  "int geo::detail::sum<int, 3>(std::vector<int, std::allocator<int> > const&)" },
	{ "_ZNK3geo6detail3VecIdEplERKS2_",
	  "geo::detail::Vec<double>::operator+(geo::detail::Vec<double> const&) const" },
	{ "_ZNK3geo6detail3VecIdEltERKS2_",
	  "geo::detail::Vec<double>::operator<(geo::detail::Vec<double> const&) const" },
	{ "_ZNK3geo6Circle4areaEv", "geo::Circle::area() const" },
	{ "_ZN3geo6CircleD2Ev", "geo::Circle::~Circle()" },
	{ "_ZZ3runiENKUliE_clEi", "run(int)::{lambda(int)#1}::operator()(int) const" },
	{ "_ZNKSt8functionIFiiEEclEi", "std::function<int (int)>::operator()(int) const" },
	/* suffixes: a GCC clone, perf's "@plt", an ELF version */
	{ "_Z3runi.cold", "run(int) [clone .cold]" },
	{ "_Z3runi@plt", "run(int)@plt" },
	{ "_ZNSt6vectorIiSaIiEE9push_backERKi@@GLIBCXX_3.4",
	  "std::vector<int, std::allocator<int> >::push_back(int const&)@@GLIBCXX_3.4" },
	/* Mach-O's extra underscore */
	{ "__Z3runi", "run(int)" },
	/* rustc 1.95: a trait impl on a generic struct, legacy and v0 */
	{ "_ZN49_$LT$m..Matrix$LT$f64$GT$$u20$as$u20$m..Shape$GT$4area17h7ad21820345149ecE",
	  "<m::Matrix<f64> as m::Shape>::area" },
	{ "_RNvXs_CskK7mfDs1mzF_1mINtB4_6MatrixdENtB4_5Shape4area",
	  "<m::Matrix<f64> as m::Shape>::area" },
	{ "_ZN1m15Matrix$LT$T$GT$3sum17h40f71de26da42b56E", "m::Matrix<T>::sum" },
	{ "_RNvCskK7mfDs1mzF_1m4main", "m::main" },
	{ "_RINvNtNtCsjrHSEGnQ3l9_3std3sys9backtrace28___rust_begin_short_backtraceFEuuECskK7mfDs1mzF_1m",
	  "std::sys::backtrace::__rust_begin_short_backtrace::<fn(), ()>" },
	/* Rust legacy: the hash goes, as rustfilt drops it */
	{ "_ZN4core3fmt5write17h0123456789abcdefE", "core::fmt::write" },
	{ "_ZN5alloc3vec12Vec$LT$T$GT$4push17h1234567890abcdefE", "alloc::vec::Vec<T>::push" },
	{ "_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h9a8b7c6d5e4f3a2bE",
	  "std::rt::lang_start::{{closure}}" },
	{ "_ZN4core3ptr13drop_in_place17h0123456789abcdefE.llvm.1234",
	  "core::ptr::drop_in_place" },
	/* Rust v0, the rustc book's examples */
	{ "_RNvCs15kBYyAo9fc_7mycrate7example", "mycrate::example" },
	{ "_RNvMs_Cs4Cv8Wi1oAIB_7mycrateNtB4_7Example3foo", "<mycrate::Example>::foo" },
	{ "_RNvXCs15kBYyAo9fc_7mycrateNtB2_7ExampleNtB2_5Trait3foo",
	  "<mycrate::Example as mycrate::Trait>::foo" },
	{ "_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3newCs15kBYyAo9fc_7mycrate",
	  "<std::path::PathBuf>::new" },
	{ "_RINvCsgStHSCytQ6I_7mycrate7examplelKj1_EB2_", "mycrate::example::<i32, 1>" },
	{ "_RINvNtC3std3mem8align_ofdE", "std::mem::align_of::<f64>" },
	{ "_RNCNvCsgStHSCytQ6I_7mycrate4main0B3_", "mycrate::main::{closure#0}" },
	/* not manglings, or not valid ones */
	{ "main", NULL },
	{ "_Z", NULL },
	{ "_R", NULL },
	{ "_Zap", NULL },
	{ "_Rfoo", NULL },
	{ "_ZN3foo", NULL },
	{ "___Z3runi", NULL },
	{ "java/lang/Thread:::run", NULL },
	{ "[unknown]", NULL },
	{ "", NULL },
};

START_TEST(demangles_cpp_and_rust)
{
	const struct pair *c = &cases[_i];
	char *got = sk_demangle(c->mangled, strlen(c->mangled));

	if (!c->plain) {
		ck_assert_msg(got == NULL, "%s: demangled to %s", c->mangled,
			      got);
	} else {
		ck_assert_msg(got != NULL, "%s: not demangled", c->mangled);
		ck_assert_str_eq(got, c->plain);
	}
	free(got);
}
END_TEST

START_TEST(length_bounds_the_name)
{
	char *got = sk_demangle("_Z3runiXYZ", 7);

	ck_assert_str_eq(got, "run(int)");
	free(got);
	ck_assert_ptr_null(sk_demangle("_Z3runi", 2));
}
END_TEST

static sk_frame_id frame(sk_profile *p, const char *name, const char *sys,
			 int64_t line)
{
	sk_frame f;

	memset(&f, 0, sizeof f);
	f.name = sk_profile_intern_cstr(p, name);
	f.system_name = sys ? sk_profile_intern_cstr(p, sys) : 0;
	f.line = line;
	return sk_profile_frame(p, &f);
}

static const char *name_of(const sk_profile *p, sk_frame_id id)
{
	return sk_profile_str(p, sk_profile_frame_get(p, id)->name);
}

static const char *system_name_of(const sk_profile *p, sk_frame_id id)
{
	return sk_profile_str(p, sk_profile_frame_get(p, id)->system_name);
}

START_TEST(profile_frames_keep_the_mangled_name)
{
	sk_profile *p = sk_profile_new();
	sk_frame_id run = frame(p, "_Z3runi", NULL, 0);
	sk_frame_id run12 = frame(p, "_Z3runi", NULL, 12);
	sk_frame_id same = frame(p, "_Z3runi", "_Z3runi", 0);
	sk_frame_id other = frame(p, "_ZN3geo6CircleD2Ev", "geo_circle_dtor", 0);
	sk_frame_id plain = frame(p, "main", NULL, 0);
	sk_frame_id fake = frame(p, "_Zap", NULL, 0);
	sk_frame_id look;

	ck_assert_uint_eq(sk_profile_demangle(p), 4);
	ck_assert_uint_eq(sk_profile_frame_count(p), 6);
	ck_assert_str_eq(name_of(p, run), "run(int)");
	ck_assert_str_eq(system_name_of(p, run), "_Z3runi");
	ck_assert_str_eq(name_of(p, run12), "run(int)");
	ck_assert_int_eq(sk_profile_frame_get(p, run12)->line, 12);
	/* run and same are now equal in every field: still two ids */
	ck_assert_str_eq(name_of(p, same), "run(int)");
	ck_assert_str_eq(system_name_of(p, same), "_Z3runi");
	ck_assert_uint_ne(run, same);
	/* an existing system name is kept */
	ck_assert_str_eq(name_of(p, other), "geo::Circle::~Circle()");
	ck_assert_str_eq(system_name_of(p, other), "geo_circle_dtor");
	ck_assert_str_eq(name_of(p, plain), "main");
	ck_assert_str_eq(system_name_of(p, plain), "");
	ck_assert_str_eq(name_of(p, fake), "_Zap");
	/* the index knows the new identities: the first of equal ones */
	look = frame(p, "run(int)", "_Z3runi", 0);
	ck_assert_uint_eq(look, run);
	look = frame(p, "run(int)", "_Z3runi", 12);
	ck_assert_uint_eq(look, run12);
	ck_assert_uint_eq(sk_profile_frame_count(p), 6);
	/* a second pass has nothing left to do */
	ck_assert_uint_eq(sk_profile_demangle(p), 0);
	sk_profile_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("demangle");
	TCase *tc = tcase_create("core");
	tcase_add_loop_test(tc, demangles_cpp_and_rust, 0,
			    (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, length_bounds_the_name);
	tcase_add_test(tc, profile_frames_keep_the_mangled_name);
	suite_add_tcase(s, tc);
	return s;
}

SK_CHECK_MAIN(suite)
