/* heapshape.c - a small program with a known heap shape, recorded under
 * valgrind's massif by record.sh for stackkit's massif tests (written for
 * this project).
 *
 * What it allocates, and so what the peak tree holds:
 *   - a linked list of 50 nodes of 64 bytes through make_node <- push
 *     <- build_list <- main (3200 bytes);
 *   - a recursive tree, grow_tree calling itself 4 levels deep, each
 *     level allocating 1000 bytes (so recursion shows as one function at
 *     several depths);
 *   - strdup'd names (libc's strdup calls malloc: a frame in libc.so);
 *   - a 20000-byte buffer grown with realloc from keep_buffer;
 *   - many 8-byte blocks from tiny <- sprinkle <- main, below massif's 1%
 *     threshold.
 * Then it frees most of it, so the last snapshots are smaller than the
 * peak.  A little busy work between steps gives massif's timeline room.
 */
#include <stdlib.h>
#include <string.h>

struct node {
	struct node *next;
	char pad[56];
};

static volatile unsigned long sink;

static void busy(int n)
{
	for (int i = 0; i < n * 1000; i++)
		sink += (unsigned long)i;
}

static struct node *make_node(void)
{
	struct node *n = malloc(sizeof *n);

	memset(n, 0, sizeof *n);
	return n;
}

static struct node *push(struct node *head)
{
	struct node *n = make_node();

	n->next = head;
	return n;
}

static struct node *build_list(int count)
{
	struct node *head = NULL;

	for (int i = 0; i < count; i++) {
		head = push(head);
		busy(1);
	}
	return head;
}

static void free_list(struct node *head)
{
	while (head) {
		struct node *next = head->next;
		free(head);
		head = next;
	}
}

static void *grow_tree(int depth, void **out)
{
	char *block = malloc(1000);

	memset(block, depth, 1000);
	out[depth] = block;
	if (depth > 0)
		grow_tree(depth - 1, out);
	return block;
}

static char *keep_buffer(char *old, size_t n)
{
	char *p = realloc(old, n);

	memset(p, 1, n);
	return p;
}

static void *tiny(void)
{
	return malloc(8);
}

static void sprinkle(void **blocks, int n)
{
	for (int i = 0; i < n; i++)
		blocks[i] = tiny();
}

int main(void)
{
	void *levels[4];
	void *small[20];
	char *names[3];
	char *buf = NULL;
	struct node *list;

	list = build_list(50);
	busy(20);
	grow_tree(3, levels);
	busy(20);
	names[0] = strdup("massif heap shape one");
	names[1] = strdup("massif heap shape two");
	names[2] = strdup("massif heap shape three");
	busy(20);
	buf = keep_buffer(buf, 10000);
	busy(20);
	buf = keep_buffer(buf, 20000);
	sprinkle(small, 20);
	busy(50);
	free_list(list);
	busy(20);
	for (int i = 0; i < 4; i++)
		free(levels[i]);
	for (int i = 0; i < 3; i++)
		free(names[i]);
	busy(20);
	free(buf);
	for (int i = 0; i < 20; i++)
		free(small[i]);
	return (int)(sink & 0);
}
