/*
 * check_main.h - the main() every Check unit test shares: run one suite,
 * exit non-zero on any failure.
 */
#ifndef STACKKIT_CHECK_MAIN_H
#define STACKKIT_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#define SK_CHECK_MAIN(make_suite)                                        \
	int main(void)                                                   \
	{                                                                \
		SRunner *sr = srunner_create(make_suite());              \
		int failed;                                              \
		srunner_run_all(sr, CK_NORMAL);                          \
		failed = srunner_ntests_failed(sr);                      \
		srunner_free(sr);                                        \
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;             \
	}

#endif
