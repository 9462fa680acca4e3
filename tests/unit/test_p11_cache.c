/* tests/unit/test_p11_cache.c: the PKCS#11 provider's handle cache
 * (providers/pkcs11/cache.c): hits and misses by id and class, LRU
 * eviction, the epoch that keeps a racing find from storing a dropped
 * handle, drops of one class or all, flush, and a random run checked
 * against a plain model (24 ids in 16 buckets, so chains collide). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "common/limits.h"
#include "providers/pkcs11/p11_cache.h"

/* CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_SECRET_KEY (v2.40 §4.1). */
#define PRIV	3ul
#define PUB	2ul
#define SECRET	4ul

static void
id_of(unsigned int n, uint8_t id[P11_ID_LEN])
{
	memset(id, 0, P11_ID_LEN);
	id[0] = (uint8_t)n;
	id[1] = (uint8_t)(n >> 8);
	id[P11_ID_LEN - 1] = 0xa5;
}

static void
test_init_bounds(void **state)
{
	struct p11_cache c;
	uint8_t id[P11_ID_LEN];
	unsigned long h = 7;

	(void)state;
	assert_int_equal(p11_cache_init(&c, 0), PSA_ERROR_INVALID_ARGUMENT);
	assert_int_equal(p11_cache_init(&c, (1u << 24) + 1),
	    PSA_ERROR_INVALID_ARGUMENT);
	/* A failed init leaves an empty cache every call accepts. */
	id_of(1, id);
	assert_false(p11_cache_put(&c, 0, id, PRIV, 1));
	assert_false(p11_cache_get(&c, id, PRIV, &h, NULL));
	assert_int_equal(h, 7);
	assert_int_equal(p11_cache_drop(&c, id, PRIV, true), 0);
	assert_int_equal(p11_cache_flush(&c), 0);
	p11_cache_free(&c);
	p11_cache_free(NULL);
	assert_int_equal(p11_cache_init(&c, LIMIT_P11_HANDLE_CACHE),
	    PSA_SUCCESS);
	assert_int_equal(c.pc_slots, LIMIT_P11_HANDLE_CACHE);
	assert_true(c.pc_bucket_count >= 2 * LIMIT_P11_HANDLE_CACHE);
	assert_int_equal(c.pc_bucket_count & (c.pc_bucket_count - 1), 0);
	p11_cache_free(&c);
}

static void
test_hit_miss(void **state)
{
	struct p11_cache c;
	uint8_t a[P11_ID_LEN], b[P11_ID_LEN];
	unsigned long h = 0;
	uint64_t epoch;

	(void)state;
	assert_int_equal(p11_cache_init(&c, 8), PSA_SUCCESS);
	id_of(1, a);
	id_of(2, b);
	assert_false(p11_cache_get(&c, a, PRIV, &h, &epoch));
	assert_true(p11_cache_put(&c, epoch, a, PRIV, 100));
	assert_true(p11_cache_put(&c, epoch, a, PUB, 101));
	assert_true(p11_cache_get(&c, a, PRIV, &h, NULL));
	assert_int_equal(h, 100);
	assert_true(p11_cache_get(&c, a, PUB, &h, NULL));
	assert_int_equal(h, 101);
	/* Same id, other class; other id, same class: misses. */
	assert_false(p11_cache_get(&c, a, SECRET, &h, NULL));
	assert_false(p11_cache_get(&c, b, PRIV, &h, NULL));
	/* A second put replaces, not duplicates. */
	assert_true(p11_cache_put(&c, epoch, a, PRIV, 200));
	assert_true(p11_cache_get(&c, a, PRIV, &h, NULL));
	assert_int_equal(h, 200);
	assert_int_equal(c.pc_used, 2);
	assert_int_equal(c.pc_hits, 3);
	assert_int_equal(c.pc_misses, 3);
	p11_cache_free(&c);
}

static void
test_lru_eviction(void **state)
{
	struct p11_cache c;
	uint8_t id[P11_ID_LEN];
	unsigned long h;

	(void)state;
	assert_int_equal(p11_cache_init(&c, 4), PSA_SUCCESS);
	for (unsigned int i = 0; i < 4; i++) {
		id_of(i, id);
		assert_true(p11_cache_put(&c, 0, id, PRIV, 10 + i));
	}
	id_of(0, id);			/* 0 is now the most recent */
	assert_true(p11_cache_get(&c, id, PRIV, &h, NULL));
	id_of(4, id);
	assert_true(p11_cache_put(&c, 0, id, PRIV, 14));
	assert_int_equal(c.pc_used, 4);
	assert_int_equal(c.pc_evictions, 1);
	id_of(1, id);			/* the oldest went */
	assert_false(p11_cache_get(&c, id, PRIV, &h, NULL));
	for (unsigned int i = 0; i < 5; i++) {
		if (i == 1)
			continue;
		id_of(i, id);
		assert_true(p11_cache_get(&c, id, PRIV, &h, NULL));
		assert_int_equal(h, 10 + i);
	}
	/* Oldest first, the gets left 0, 2, 3, 4. Replacing an entry
	 * refreshes it: 0 stays, 2 goes next. */
	id_of(0, id);
	assert_true(p11_cache_put(&c, 0, id, PRIV, 20));
	id_of(5, id);
	assert_true(p11_cache_put(&c, 0, id, PRIV, 15));
	id_of(2, id);
	assert_false(p11_cache_get(&c, id, PRIV, &h, NULL));
	id_of(0, id);
	assert_true(p11_cache_get(&c, id, PRIV, &h, NULL));
	assert_int_equal(h, 20);
	p11_cache_free(&c);
}

static void
test_epoch(void **state)
{
	struct p11_cache c;
	uint8_t a[P11_ID_LEN], b[P11_ID_LEN];
	unsigned long h;
	uint64_t e1, e2;

	(void)state;
	assert_int_equal(p11_cache_init(&c, 8), PSA_SUCCESS);
	id_of(1, a);
	id_of(2, b);
	/* A miss, then a drop (of anything, even absent) before the put:
	 * the find may have raced a destroy, so nothing is stored. */
	assert_false(p11_cache_get(&c, a, PRIV, &h, &e1));
	assert_int_equal(p11_cache_drop(&c, b, PRIV, false), 0);
	assert_false(p11_cache_put(&c, e1, a, PRIV, 1));
	assert_false(p11_cache_get(&c, a, PRIV, &h, &e2));
	assert_true(e2 != e1);
	/* Likewise a flush (token lost) between miss and put. */
	assert_int_equal(p11_cache_flush(&c), 0);
	assert_false(p11_cache_put(&c, e2, a, PRIV, 1));
	assert_false(p11_cache_get(&c, a, PRIV, &h, &e2));
	assert_true(p11_cache_put(&c, e2, a, PRIV, 1));
	/* A hit hands out the epoch too, and gets do not bump it. */
	assert_true(p11_cache_get(&c, a, PRIV, &h, &e1));
	assert_int_equal(e1, e2);
	p11_cache_free(&c);
}

static void
test_drop_and_flush(void **state)
{
	struct p11_cache c;
	uint8_t id[P11_ID_LEN];
	unsigned long h;

	(void)state;
	/* A key's classes share one chain (newest first: SECRET, PUB,
	 * PRIV), so dropping PUB unlinks from the middle of a chain. */
	assert_int_equal(p11_cache_init(&c, 16), PSA_SUCCESS);
	for (unsigned int i = 0; i < 5; i++) {
		id_of(i, id);
		assert_true(p11_cache_put(&c, 0, id, PRIV, 10 * i + 1));
		assert_true(p11_cache_put(&c, 0, id, PUB, 10 * i + 2));
		assert_true(p11_cache_put(&c, 0, id, SECRET, 10 * i + 3));
	}
	assert_int_equal(c.pc_used, 15);
	id_of(2, id);
	assert_int_equal(p11_cache_drop(&c, id, PUB, false), 1);
	assert_int_equal(p11_cache_drop(&c, id, PUB, false), 0);
	assert_false(p11_cache_get(&c, id, PUB, &h, NULL));
	assert_true(p11_cache_get(&c, id, PRIV, &h, NULL));
	assert_int_equal(p11_cache_drop(&c, id, 0, true), 2);
	assert_false(p11_cache_get(&c, id, PRIV, &h, NULL));
	assert_false(p11_cache_get(&c, id, SECRET, &h, NULL));
	assert_int_equal(c.pc_used, 12);
	for (unsigned int i = 0; i < 5; i++) {
		if (i == 2)
			continue;
		id_of(i, id);
		assert_true(p11_cache_get(&c, id, SECRET, &h, NULL));
		assert_int_equal(h, 10 * i + 3);
	}
	assert_int_equal(p11_cache_flush(&c), 12);
	assert_int_equal(c.pc_used, 0);
	id_of(0, id);
	assert_false(p11_cache_get(&c, id, PRIV, &h, NULL));
	/* The free list survived: all 16 slots fill without an eviction. */
	for (unsigned int i = 0; i < 16; i++) {
		id_of(100 + i, id);
		assert_true(p11_cache_put(&c, c.pc_epoch, id, PRIV, i));
	}
	assert_int_equal(c.pc_used, 16);
	assert_int_equal(c.pc_evictions, 0);
	p11_cache_free(&c);
}

/* A plain model: an array of (id number, class, handle, last use). */
struct model_entry {
	unsigned int	 me_id;
	unsigned long	 me_class;
	unsigned long	 me_handle;
	uint64_t	 me_used;
	int		 me_is_set;
};

#define MODEL_SLOTS	8u
#define MODEL_IDS	24u

static struct model_entry *
model_find(struct model_entry *m, unsigned int id, unsigned long cls)
{
	for (size_t i = 0; i < MODEL_SLOTS; i++)
		if (m[i].me_is_set && m[i].me_id == id && m[i].me_class == cls)
			return &m[i];
	return NULL;
}

static void
test_random_against_model(void **state)
{
	static const unsigned long classes[] = { PRIV, PUB, SECRET };
	struct model_entry m[MODEL_SLOTS];
	struct p11_cache c;
	uint8_t id[P11_ID_LEN];
	uint64_t x = 0x9e3779b97f4a7c15ull, now = 0;
	unsigned long h;

	(void)state;
	memset(m, 0, sizeof(m));
	assert_int_equal(p11_cache_init(&c, MODEL_SLOTS), PSA_SUCCESS);
	for (unsigned int step = 0; step < 200000; step++) {
		x ^= x << 13;		/* xorshift64: fixed, reproducible */
		x ^= x >> 7;
		x ^= x << 17;
		unsigned int n = (unsigned int)(x % MODEL_IDS);
		unsigned long cls = classes[(x >> 8) % 3];
		unsigned int op = (unsigned int)((x >> 16) % 100);
		struct model_entry *me = model_find(m, n, cls);

		id_of(n, id);
		now++;
		if (op < 50) {
			bool hit = p11_cache_get(&c, id, cls, &h, NULL);

			assert_int_equal(hit, me != NULL);
			if (me != NULL) {
				assert_int_equal(h, me->me_handle);
				me->me_used = now;
			}
		} else if (op < 90) {
			assert_true(p11_cache_put(&c, c.pc_epoch, id, cls,
			    (unsigned long)step));
			if (me == NULL) {
				me = &m[0];
				for (size_t i = 0; i < MODEL_SLOTS; i++)
					if (!m[i].me_is_set ||
					    m[i].me_used < me->me_used)
						me = &m[i];
				me->me_is_set = 1;
				me->me_id = n;
				me->me_class = cls;
			}
			me->me_handle = (unsigned long)step;
			me->me_used = now;
		} else if (op < 97) {
			size_t want = 0;

			for (size_t i = 0; i < MODEL_SLOTS; i++)
				if (m[i].me_is_set && m[i].me_id == n) {
					m[i].me_is_set = 0;
					m[i].me_used = 0;
					want++;
				}
			assert_int_equal(p11_cache_drop(&c, id, 0, true), want);
		} else if (op < 99) {
			assert_int_equal(p11_cache_drop(&c, id, cls, false),
			    me != NULL);
			if (me != NULL)
				memset(me, 0, sizeof(*me));
		} else {
			size_t want = 0;

			for (size_t i = 0; i < MODEL_SLOTS; i++)
				want += m[i].me_is_set != 0;
			assert_int_equal(p11_cache_flush(&c), want);
			memset(m, 0, sizeof(m));
		}
		size_t used = 0;

		for (size_t i = 0; i < MODEL_SLOTS; i++)
			used += m[i].me_is_set != 0;
		assert_int_equal(c.pc_used, used);
	}
	p11_cache_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_bounds),
		cmocka_unit_test(test_hit_miss),
		cmocka_unit_test(test_lru_eviction),
		cmocka_unit_test(test_epoch),
		cmocka_unit_test(test_drop_and_flush),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
