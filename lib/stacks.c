/*
 * stacks.c - the frame label format ("name (file:line)") shared by every
 * writer that shows frames as text.
 */
#include <stackkit/sk_stacks.h>

#include <inttypes.h>
#include <string.h>

/* Replaces the words of a frame format by the frame's fields.  Words are
 * matched whole (letters only), anything else is copied. */
void sk_frame_label(void *arg, const sk_profile *p, sk_frame_id id, sk_buf *out)
{
	const char *fmt = arg;
	const sk_frame *f = sk_profile_frame_get(p, id);

	if (!fmt || !*fmt || strcmp(fmt, "name") == 0) {
		sk_buf_append(out, sk_profile_str(p, f->name),
			      sk_profile_str_len(p, f->name));
		return;
	}
	while (*fmt) {
		size_t n = 0;
		while ((fmt[n] >= 'a' && fmt[n] <= 'z'))
			n++;
		if (n == 0) {
			sk_buf_append_char(out, *fmt++);
			continue;
		}
		if (n == 4 && !memcmp(fmt, "name", 4))
			sk_buf_append_cstr(out, sk_profile_str(p, f->name));
		else if (n == 4 && !memcmp(fmt, "file", 4))
			sk_buf_append_cstr(out, sk_profile_str(p, f->file));
		else if (n == 4 && !memcmp(fmt, "line", 4))
			sk_buf_appendf(out, "%" PRId64, f->line);
		else if (n == 6 && !memcmp(fmt, "column", 6))
			sk_buf_appendf(out, "%" PRId64, f->column);
		else if (n == 6 && !memcmp(fmt, "module", 6))
			sk_buf_append_cstr(out, sk_profile_str(p, f->module));
		else if (n == 7 && !memcmp(fmt, "address", 7))
			sk_buf_appendf(out, "0x%" PRIx64, f->address);
		else if (n == 4 && !memcmp(fmt, "kind", 4))
			sk_buf_append_cstr(out, sk_frame_kind_name((int)f->kind));
		else
			sk_buf_append(out, fmt, n);
		fmt += n;
	}
}
