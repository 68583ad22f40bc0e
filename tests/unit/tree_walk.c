/*
 * tree_walk.c - the files under a directory (tree_walk.h).
 */
#include "tests/unit/tree_walk.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

void tree_walk(const char *dir, void (*fn)(const char *path, void *arg),
	       void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			tree_walk(path, fn, arg);
		else if (S_ISREG(st.st_mode))
			fn(path, arg);
	}
	closedir(d);
}
