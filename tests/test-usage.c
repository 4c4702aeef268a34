/* test-usage.c: the usage meter counts this month's images and prices
 * them after the free quota
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-history-entry.h"
#include "sb-test-util.h"
#include "sb-limits.h"
#include "sb-usage-ledger.h"

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

/* What a sweep would cost, before it starts: the free images left first. */
static void
test_usage_quote (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 20, 9, 0, 0);
  const SbUsageRecord records[] = { { at (2026, 3, 10), 496 } };
  SbUsage usage;
  guint free_images;

  sb_usage_compute (records, G_N_ELEMENTS (records), now, &usage);
  /* 4 of the sketch model's, and all of the image-edit model's. */
  g_assert_cmpuint (usage.free_left, ==, 4 + sb_engine_doodle.free_images);
  g_assert_cmpfloat_with_epsilon (sb_usage_quote (&usage, &sb_engine_sketch_lite, 3, &free_images), 0, 1e-9);
  g_assert_cmpuint (free_images, ==, 3);
  g_assert_cmpfloat_with_epsilon (sb_usage_quote (&usage, &sb_engine_sketch_lite, 6, &free_images), 2 * 0.06, 1e-9);
  g_assert_cmpuint (free_images, ==, 4);
}

/* Each model by its own price and its own free quota: the doodle engine's
 * images do not use up the sketch model's, and cost 0.14 CNY past its own. */
static void
test_usage_per_model (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 3, 20, 9, 0, 0);
  const char *lite = g_intern_string ("wanx-sketch-to-image-lite");
  const char *edit = g_intern_string ("wanx2.1-imageedit");
  const SbUsageRecord records[] = {
    { at (2026, 2, 1), 500, edit },   /* last month: the image-edit quota used up */
    { at (2026, 3, 10), 3, edit },
    { at (2026, 3, 11), 2, lite },
    { at (2026, 3, 12), 1, NULL },    /* a record from before engines: the sketch model's */
  };
  SbUsage usage;
  guint free_images;

  sb_usage_compute (records, G_N_ELEMENTS (records), now, &usage);
  g_assert_cmpuint (usage.images, ==, 6);
  g_assert_cmpuint (usage.free_images, ==, 3);
  g_assert_cmpfloat_with_epsilon (usage.cost_cny, 3 * 0.14, 1e-9);
  g_assert_cmpuint (usage.free_left, ==, 500 - 3);
  g_assert_cmpuint (usage.free_total, ==, 1000);
  g_assert_cmpfloat_with_epsilon (sb_usage_quote (&usage, &sb_engine_doodle, 2, &free_images), 2 * 0.14, 1e-9);
  g_assert_cmpuint (free_images, ==, 0);
  g_assert_cmpfloat_with_epsilon (sb_usage_quote (&usage, &sb_engine_sketch_lite, 2, &free_images), 0, 1e-9);
  g_assert_cmpuint (free_images, ==, 2);
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

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_usage_ledger_load_finish (SB_USAGE_LEDGER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static SbUsageLedger *
load_ledger (GFile *file,
             GFile *history)
{
  SbUsageLedger *ledger = sb_usage_ledger_new (file, history);
  gboolean loaded = FALSE;

  sb_usage_ledger_load_async (ledger, NULL, on_loaded, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  while (sb_usage_ledger_get_busy (ledger))
    g_main_context_iteration (NULL, TRUE);
  return ledger;
}

/* The ledger: started from the history, then each task once; deleting
 * pictures (or whole entries) later does not lower it. */
static void
test_usage_ledger (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-usage-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (tmp);
  g_autoptr(GFile) history = g_file_get_child (root, "history");
  g_autoptr(GFile) file = g_file_get_child (root, "usage.json");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(SbUsageLedger) ledger = NULL;
  g_autoptr(SbUsageLedger) again = NULL;
  SbUsage usage;

  /* Two generations in the gallery: 2 pictures and 1. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("entry-%u", i);
      g_autofree char *task_id = g_strdup_printf ("task-%u", i);
      g_autoptr(GFile) directory = g_file_get_child (history, name);
      g_autoptr(SbParams) params = sb_params_new ();
      g_autoptr(SbHistoryEntry) entry = sb_history_entry_new (directory, params, "https://example.com/s.png",
                                                              SB_UPLOAD_METHOD_URL);

      g_assert_true (g_file_make_directory_with_parents (directory, NULL, NULL));
      sb_history_entry_set_task (entry, task_id, "request", g_get_real_time ());
      for (guint j = 0; j <= 1 - i; j++)
        {
          g_autofree char *image = g_strdup_printf ("image-%u.png", j);

          sb_history_entry_add_image (entry, image);
        }
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
      g_assert_true (sb_history_entry_save (entry, NULL, NULL));
    }

  ledger = load_ledger (file, history);
  sb_usage_ledger_compute (ledger, now, &usage);
  g_assert_cmpuint (usage.images, ==, 3);
  g_assert_cmpuint (usage.free_left, ==, sb_engine_sketch_lite.free_images - 3 + sb_engine_doodle.free_images);
  g_assert_true (g_file_query_exists (file, NULL));

  /* A new task counts; the same task again does not. */
  g_assert_true (sb_usage_ledger_add (ledger, "task-new", "wanx-sketch-to-image-lite", g_get_real_time (), 4));
  g_assert_false (sb_usage_ledger_add (ledger, "task-new", "wanx-sketch-to-image-lite", g_get_real_time (), 4));
  g_assert_false (sb_usage_ledger_add (ledger, "task-0", "wanx-sketch-to-image-lite", g_get_real_time (), 2));
  sb_usage_ledger_compute (ledger, now, &usage);
  g_assert_cmpuint (usage.images, ==, 7);
  while (sb_usage_ledger_get_busy (ledger))
    g_main_context_iteration (NULL, TRUE);

  /* The gallery emptied: the ledger, read again, still says 7. */
  sb_test_remove_tree (history);
  again = load_ledger (file, history);
  sb_usage_ledger_compute (again, now, &usage);
  g_assert_cmpuint (usage.images, ==, 7);
  g_assert_cmpuint (usage.free_left, ==, sb_engine_sketch_lite.free_images - 7 + sb_engine_doodle.free_images);

  sb_test_remove_tree (root);
}

static void
wait_saved (SbUsageLedger *ledger)
{
  while (sb_usage_ledger_get_busy (ledger))
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_images (GFile *file,
              GFile *history)
{
  g_autoptr(SbUsageLedger) ledger = load_ledger (file, history);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SbUsage usage;

  sb_usage_ledger_compute (ledger, now, &usage);
  return usage.images;
}

/* Two writers (the app and a CLI) that each loaded the ledger before the
 * other wrote: neither loses the other's record, and each learns of it. */
static void
test_usage_ledger_concurrent (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-usage-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (tmp);
  g_autoptr(GFile) history = g_file_get_child (root, "history");
  g_autoptr(GFile) file = g_file_get_child (root, "usage.json");
  g_autoptr(SbUsageLedger) app = load_ledger (file, history);
  g_autoptr(SbUsageLedger) cli = load_ledger (file, history);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SbUsage usage;

  g_assert_true (sb_usage_ledger_add (app, "task-app", "wanx-sketch-to-image-lite", g_get_real_time (), 4));
  g_assert_true (sb_usage_ledger_add (cli, "task-cli", "wanx-sketch-to-image-lite", g_get_real_time (), 1));
  wait_saved (app);
  wait_saved (cli);
  g_assert_cmpuint (count_images (file, history), ==, 5);

  /* The app, adding again, keeps what the CLI wrote, and counts it. */
  g_assert_true (sb_usage_ledger_add (app, "task-app-2", "wanx-sketch-to-image-lite", g_get_real_time (), 2));
  wait_saved (app);
  sb_usage_ledger_compute (app, now, &usage);
  g_assert_cmpuint (usage.images, ==, 7);
  g_assert_cmpuint (count_images (file, history), ==, 7);

  sb_test_remove_tree (root);
}

/* A ledger with one stray byte is set aside, whole, before a new one is
 * started from the history; nothing is written over it. */
static void
test_usage_ledger_damaged (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-usage-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (tmp);
  g_autoptr(GFile) history = g_file_get_child (root, "history");
  g_autoptr(GFile) file = g_file_get_child (root, "usage.json");
  static const char damaged[] = "{\"version\": 1, \"records\": [{\"task_id\": \"t-1\", \"time\": 1, \"images\": 4}]}x";
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(SbUsageLedger) ledger = NULL;
  GFileInfo *info;
  guint aside = 0;

  g_assert_true (g_file_replace_contents (file, damaged, sizeof damaged - 1, NULL, FALSE, G_FILE_CREATE_NONE,
                                          NULL, NULL, NULL));
  ledger = load_ledger (file, history);
  g_assert_true (sb_usage_ledger_add (ledger, "task-2", "wanx-sketch-to-image-lite", g_get_real_time (), 1));
  wait_saved (ledger);

  children = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      if (g_str_has_prefix (g_file_info_get_name (info), "usage.json.damaged-"))
        {
          g_autoptr(GFile) kept = g_file_get_child (root, g_file_info_get_name (info));
          g_autofree char *contents = NULL;

          g_assert_true (g_file_load_contents (kept, NULL, &contents, NULL, NULL, NULL));
          g_assert_cmpstr (contents, ==, damaged);
          aside++;
        }
      g_object_unref (info);
    }
  g_assert_cmpuint (aside, ==, 1);
  g_assert_cmpuint (count_images (file, history), ==, 1);

  sb_test_remove_tree (root);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* At the record bound the newest still counts (the second oldest goes),
 * and the ledger says so once, not at every task. */
static void
test_usage_ledger_full (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-usage-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (tmp);
  g_autoptr(GFile) history = g_file_get_child (root, "history");
  g_autoptr(GFile) file = g_file_get_child (root, "usage.json");
  g_autoptr(SbUsageLedger) ledger = load_ledger (file, history);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint said = 0;
  SbUsage usage;

  for (guint i = 0; i < SB_USAGE_MAX_RECORDS; i++)
    {
      char id[32];

      g_snprintf (id, sizeof id, "t-%u", i);
      g_assert_true (sb_usage_ledger_add (ledger, id, "wanx-sketch-to-image-lite", 1000 + i, 1));
    }
  g_signal_connect_swapped (ledger, "notify::full", G_CALLBACK (count_notify), &said);
  g_assert_false (sb_usage_ledger_get_full (ledger));
  g_assert_true (sb_usage_ledger_add (ledger, "t-newest", "wanx-sketch-to-image-lite", g_get_real_time (), 3));
  g_assert_true (sb_usage_ledger_add (ledger, "t-newer-still", "wanx-sketch-to-image-lite", g_get_real_time (), 3));
  g_assert_true (sb_usage_ledger_get_full (ledger));
  g_assert_cmpuint (said, ==, 1);
  g_assert_false (sb_usage_ledger_add (ledger, "t-newest", "wanx-sketch-to-image-lite", g_get_real_time (), 3));
  sb_usage_ledger_compute (ledger, now, &usage);
  g_assert_cmpuint (usage.images, ==, 6);   /* this month's: the two newest */
  wait_saved (ledger);

  sb_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The ledger says what it did to a damaged or full ledger as a warning:
   * expected here, and checked by its results. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add_func ("/usage/free-quota", test_usage_free_quota);
  g_test_add_func ("/usage/free-period", test_usage_free_period);
  g_test_add_func ("/usage/quote", test_usage_quote);
  g_test_add_func ("/usage/per-model", test_usage_per_model);
  g_test_add_func ("/usage/history", test_usage_history);
  g_test_add_func ("/usage/ledger", test_usage_ledger);
  g_test_add_func ("/usage/ledger-concurrent", test_usage_ledger_concurrent);
  g_test_add_func ("/usage/ledger-damaged", test_usage_ledger_damaged);
  g_test_add_func ("/usage/ledger-full", test_usage_ledger_full);

  return g_test_run ();
}
