/* test-usage.c: the usage meter counts this month's images and prices
 * them after the free quota
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-history-entry.h"
#include "sb-usage.h"

static gint64
at (int year, int month, int day)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, 12, 0, 0);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

/* Within the free quota, nothing is owed; past it, 0.06 CNY an image. */
static void
test_usage_free_quota (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 20, 9, 0, 0);
  const SbUsageRecord records[] = {
    { at (2026, 3, 10), 4 },
    { at (2026, 2, 1), 498 },   /* last month: uses up all but 2 free images */
    { at (2026, 3, 15), 3 },
    { at (2026, 3, 1), 0 },     /* a failed generation */
  };
  SbUsage usage;

  sb_usage_compute (records, G_N_ELEMENTS (records), now, &usage);
  g_assert_cmpuint (usage.images, ==, 7);
  g_assert_cmpuint (usage.free_images, ==, 2);
  g_assert_cmpfloat_with_epsilon (usage.cost_cny, 5 * 0.06, 1e-9);
}

/* The free images are for the first 180 days only. */
static void
test_usage_free_period (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 9, 5, 9, 0, 0);
  const SbUsageRecord records[] = {
    { at (2026, 1, 2), 10 },
    { at (2026, 9, 1), 20 },    /* more than 180 days later: all billed */
  };
  SbUsage usage;

  sb_usage_compute (records, G_N_ELEMENTS (records), now, &usage);
  g_assert_cmpuint (usage.images, ==, 20);
  g_assert_cmpuint (usage.free_images, ==, 0);
  g_assert_cmpfloat_with_epsilon (usage.cost_cny, 1.2, 1e-9);
}

/* Straight from history entries: their images, the month they were made. */
static void
test_usage_history (void)
{
  g_autoptr(GListStore) entries = g_list_store_new (SB_TYPE_HISTORY_ENTRY);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autoptr(GFile) directory = g_file_new_for_path ("/nonexistent");
  SbUsage usage;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SbParams) params = sb_params_new ();
      g_autoptr(SbHistoryEntry) entry = sb_history_entry_new (directory, params, NULL, SB_UPLOAD_METHOD_DASHSCOPE);

      for (guint j = 0; j <= i; j++)
        {
          g_autofree char *name = g_strdup_printf ("image-%u-%u.png", i, j);

          sb_history_entry_add_image (entry, name);
        }
      g_list_store_append (entries, entry);
    }

  sb_usage_compute_for_history (G_LIST_MODEL (entries), now, &usage);
  g_assert_cmpuint (usage.images, ==, 6);
  g_assert_cmpuint (usage.free_images, ==, 6);
  g_assert_cmpfloat (usage.cost_cny, ==, 0);

  /* A year on, none of them is in the month counted. */
  sb_usage_compute_for_history (G_LIST_MODEL (entries), next_year, &usage);
  g_assert_cmpuint (usage.images, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/usage/free-quota", test_usage_free_quota);
  g_test_add_func ("/usage/free-period", test_usage_free_period);
  g_test_add_func ("/usage/history", test_usage_history);

  return g_test_run ();
}
