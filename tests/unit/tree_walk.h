/*
 * tree_walk.h - every regular file under a directory, for the unit tests
 * that compare two paths of a format on testdata and ../shared's corpus.
 */
#ifndef STACKKIT_TREE_WALK_H
#define STACKKIT_TREE_WALK_H

/* Calls fn(path, arg) for each regular file under dir, depth first,
 * skipping names that start with '.'; nothing when dir is absent. */
void tree_walk(const char *dir, void (*fn)(const char *path, void *arg),
	       void *arg);

#endif
