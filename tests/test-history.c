/* test-history.c: nothing generated is lost, whatever stops the app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sb-history.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"

#define API_KEY "sk-history"

typedef struct {
  SbSimServer       *sim;
  SbDashscopeClient *client;
  SbPollSchedule    *schedule;
  GFile             *root;
  GFile             *directory;
  char              *sketch_url;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (512, 512);
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-history-XXXXXX", NULL);
  g_autofree char *base = NULL;
  g_autofree char *files = NULL;

  fixture->root = g_file_new_for_path (tmp);
  fixture->directory = g_file_get_child (fixture->root, "history");
  fixture->sim = sb_sim_server_new (API_KEY, 1.5);
  sb_sim_server_listen (fixture->sim, 0, &error);
  g_assert_no_error (error);
  sb_sim_server_store (fixture->sim, "/files/sketch.png", sketch);
  files = sb_sim_server_get_files_url (fixture->sim);
  fixture->sketch_url = g_strconcat (files, "sketch.png", NULL);
  base = sb_sim_server_get_base_url (fixture->sim);
  fixture->client = sb_dashscope_client_new (base, API_KEY, NULL, &error);
  g_assert_no_error (error);
  fixture->schedule = sb_poll_schedule_new ();
  for (int i = 0; i < 5; i++)
    sb_poll_schedule_observe (fixture->schedule, 1.5);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  sb_test_remove_tree (fixture->root);
  g_clear_object (&fixture->root);
  g_clear_object (&fixture->directory);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->schedule);
  g_clear_object (&fixture->sim);
  g_free (fixture->sketch_url);
}

static SbParams *
params_new (void)
{
  SbParams *params = sb_params_new ();

  sb_params_set_prompt (params, "一座小房子");
  sb_params_set_style (params, SB_STYLE_ANIME);
  sb_params_set_count (params, 2);
  sb_params_set_sketch_weight (params, 6);
  return params;
}

static SbHistoryEntry *
record (SbHistory *history,
        SbJob     *job)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (768, 768);
  g_autoptr(GPtrArray) entries = NULL;

  /* Recorded before the upload, without an address; the job brings it. */
  sb_history_record_async (history, sb_job_get_params (job), SB_SWEEP_NONE, sketch, NULL, SB_UPLOAD_METHOD_PUT,
                           NULL, sb_test_store_result, &result);
  entries = sb_history_record_finish (history, sb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_null (sb_history_entry_get_sketch_url (g_ptr_array_index (entries, 0)));
  sb_history_follow (history, g_ptr_array_index (entries, 0), job);
  g_assert_cmpstr (sb_history_entry_get_sketch_url (g_ptr_array_index (entries, 0)), ==, sb_job_get_sketch_url (job));
  return g_object_ref (g_ptr_array_index (entries, 0));
}

static SbHistory *
reload (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SbHistory *history = sb_history_new (fixture->directory);

  sb_history_load_async (history, NULL, sb_test_store_result, &result);
  g_assert_true (sb_history_load_finish (history, sb_test_wait_for (&result), &error));
  g_assert_no_error (error);
  return history;
}

static void
wait_until (SbJob      *job,
            SbJobState  state)
{
  while (sb_job_get_state (job) != state && !sb_job_state_is_final (sb_job_get_state (job)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sb_job_get_state (job), ==, state);
}

static void
wait_for_saves (SbHistory *history)
{
  while (sb_history_get_busy (history))
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_pngs (GFile *directory)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;
  guint n = 0;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      n += g_str_has_suffix (g_file_info_get_name (info), ".png") &&
           !g_str_equal (g_file_info_get_name (info), "sketch.png");
      g_object_unref (info);
    }
  return n;
}

/* Recorded before the create, followed to the end, the same after a reload. */
static void
test_history_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SbHistory) history = sb_history_new (fixture->directory);
  g_autoptr(GFile) out = g_file_get_child (fixture->root, "unused");
  g_autoptr(SbJobQueue) queue = sb_job_queue_new (fixture->client, fixture->schedule, out);
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbJob) job = sb_job_new (params, fixture->sketch_url);
  g_autoptr(SbHistoryEntry) entry = record (history, job);
  g_autoptr(SbHistory) again = NULL;
  g_autoptr(GFile) sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");
  g_auto(GStrv) images = NULL;
  SbHistoryEntry *loaded;

  /* On disk before any request: the sketch and the entry. */
  g_assert_true (g_file_query_exists (sketch, NULL));
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);

  sb_job_queue_add (queue, job);
  wait_until (job, SB_JOB_DONE);
  wait_for_saves (history);

  /* The images went into the entry's folder. */
  g_assert_cmpuint (count_pngs (sb_history_entry_get_directory (entry)), ==, 2);
  g_assert_false (g_file_query_exists (out, NULL));

  again = reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);
  g_assert_cmpint (sb_history_entry_get_state (loaded), ==, SB_HISTORY_ENTRY_DONE);
  g_assert_cmpstr (sb_history_entry_get_task_id (loaded), ==, sb_task_get_id (sb_job_get_task (job)));
  g_assert_cmpstr (sb_params_get_prompt (sb_history_entry_get_params (loaded)), ==, "一座小房子");
  g_assert_cmpint (sb_params_get_style (sb_history_entry_get_params (loaded)), ==, SB_STYLE_ANIME);
  images = sb_history_entry_get_images (loaded);
  g_assert_cmpuint (g_strv_length (images), ==, 2);

  /* The parameters travel inside each PNG, Chinese prompt included. */
  {
    g_autoptr(GFile) image = g_file_get_child (sb_history_entry_get_directory (loaded), images[0]);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (g_file_peek_path (image), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (gdk_pixbuf_get_option (pixbuf, "tEXt::Title"), ==, "一座小房子");
    g_assert_cmpstr (gdk_pixbuf_get_option (pixbuf, "tEXt::sketchbloom:style"), ==, "<anime>");
    g_assert_cmpstr (gdk_pixbuf_get_option (pixbuf, "tEXt::sketchbloom:sketch_weight"), ==, "6");
    g_assert_cmpstr (gdk_pixbuf_get_option (pixbuf, "tEXt::sketchbloom:task_id"), ==,
                     sb_history_entry_get_task_id (loaded));
  }
  g_object_unref (loaded);
}

static SbHistoryEntry *
record_enlargement (SbHistory *history,
                    GFile     *picture,
                    int        factor)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sb_test_make_sketch_png (768, 768);
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GPtrArray) entries = NULL;

  sb_params_set_engine (params, &sb_engine_enlarge);
  sb_params_set_count (params, 1);
  sb_params_set_factor (params, factor);
  sb_history_record_edit_async (history, params, SB_SWEEP_NONE, png, NULL, SB_UPLOAD_METHOD_URL, picture,
                                       NULL, sb_test_store_result, &result);
  entries = sb_history_record_finish (history, sb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return g_object_ref (g_ptr_array_index (entries, 0));
}

/* An enlargement belongs to the generation whose picture it enlarges: in
 * its generation (after its own entries), never a generation of its own,
 * and so again after a reload, whichever loads first. The engine, seed and
 * factor are kept with it; an enlargement of a generation that is gone
 * stands alone. */
static void
test_history_enlargements (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(SbHistory) history = sb_history_new (fixture->directory);
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbJob) job = sb_job_new (params, fixture->sketch_url);
  g_autoptr(SbHistoryEntry) made = record (history, job);
  g_autoptr(GFile) picture = g_file_get_child (sb_history_entry_get_directory (made), "task-1.png");
  g_autoptr(GFile) elsewhere = g_file_new_build_filename (g_get_tmp_dir (), "gone-generation", "task-1.png", NULL);
  g_autoptr(SbHistoryEntry) larger = record_enlargement (history, picture, 4);
  g_autoptr(SbHistoryEntry) orphan = record_enlargement (history, elsewhere, 2);
  g_autoptr(SbHistory) again = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autofree char *made_name = g_file_get_basename (sb_history_entry_get_directory (made));

  g_assert_true (sb_history_get_parent (history, larger) == made);
  g_assert_null (sb_history_get_parent (history, made));
  g_assert_null (sb_history_get_parent (history, orphan));
  members = sb_history_get_generation (history, made);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_true (g_ptr_array_index (members, 0) == made);
  g_assert_true (g_ptr_array_index (members, 1) == larger);
  g_clear_pointer (&members, g_ptr_array_unref);
  wait_for_saves (history);

  again = reload (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (again)); i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (again), i);
      SbParams *kept = sb_history_entry_get_params (entry);

      if (sb_params_get_engine (kept) != &sb_engine_enlarge)
        {
          g_assert_true (sb_params_get_engine (kept) == sb_engine_get_default ());   /* read as it was */
          members = sb_history_get_generation (again, entry);
          g_assert_cmpuint (members->len, ==, 2);
          g_clear_pointer (&members, g_ptr_array_unref);
          continue;
        }
      if (sb_params_get_factor (kept) == 4)
        {
          g_assert_cmpstr (sb_history_entry_get_parent_entry (entry), ==, made_name);
          g_assert_cmpstr (sb_history_entry_get_parent_image (entry), ==, "task-1.png");
          g_assert_nonnull (sb_history_get_parent (again, entry));
        }
      else
        g_assert_null (sb_history_get_parent (again, entry));
    }
}

/* The app stops while the task runs; at the next start the task is
 * resumed, not created again, and its images arrive once. */
static void
test_history_resume (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbJob) job = sb_job_new (params, fixture->sketch_url);
  g_autoptr(GFile) out = g_file_get_child (fixture->root, "unused");
  g_autoptr(SbHistory) after = NULL;
  g_autoptr(SbJobQueue) queue = NULL;
  g_autoptr(SbHistoryEntry) resumed = NULL;
  g_autoptr(GFile) folder = NULL;
  SbJob *again;

  {
    g_autoptr(SbHistory) history = sb_history_new (fixture->directory);
    g_autoptr(SbJobQueue) first = sb_job_queue_new (fixture->client, fixture->schedule, out);
    g_autoptr(SbHistoryEntry) entry = record (history, job);

    sb_job_queue_add (first, job);
    wait_until (job, SB_JOB_PENDING);
    wait_for_saves (history);
    folder = g_object_ref (sb_history_entry_get_directory (entry));
    /* "Crash": everything goes away mid-task. */
  }

  after = reload (fixture);
  resumed = g_list_model_get_item (G_LIST_MODEL (after), 0);
  g_assert_cmpint (sb_history_entry_get_state (resumed), ==, SB_HISTORY_ENTRY_PENDING);

  queue = sb_job_queue_new (fixture->client, fixture->schedule, out);
  g_assert_cmpuint (sb_history_resume (after, queue), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  wait_until (again, SB_JOB_DONE);
  wait_for_saves (after);
  g_object_unref (again);

  g_assert_cmpint (sb_history_entry_get_state (resumed), ==, SB_HISTORY_ENTRY_DONE);
  g_assert_cmpuint (count_pngs (folder), ==, 2);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 1);
}

/* Expired after 24 h, failed when no task id was known, damaged skipped. */
static void
test_history_expiry_and_damage (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GFile) old_dir = g_file_get_child (fixture->directory, "20201010T101010-old");
  g_autoptr(GFile) unsent_dir = g_file_get_child (fixture->directory, "20201010T101011-unsent");
  g_autoptr(GFile) damaged_dir = g_file_get_child (fixture->directory, "20201010T101012-damaged");
  g_autoptr(GFile) damaged = g_file_get_child (damaged_dir, "entry.json");
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbHistoryEntry) old = sb_history_entry_new (old_dir, params, fixture->sketch_url, SB_UPLOAD_METHOD_PUT);
  g_autoptr(SbHistoryEntry) unsent = sb_history_entry_new (unsent_dir, params, fixture->sketch_url, SB_UPLOAD_METHOD_PUT);
  g_autoptr(SbHistory) history = NULL;
  g_autoptr(SbHistory) reloaded = NULL;
  g_autoptr(GFile) out = g_file_get_child (fixture->root, "unused");
  g_autoptr(SbJobQueue) queue = sb_job_queue_new (fixture->client, fixture->schedule, out);

  sb_history_entry_set_task (old, "gone", "r", g_get_real_time () - SB_TASK_LIFETIME_US - 1);
  sb_history_entry_set_state (old, SB_HISTORY_ENTRY_RUNNING);
  g_assert_true (g_file_make_directory_with_parents (old_dir, NULL, NULL));
  g_assert_true (g_file_make_directory_with_parents (unsent_dir, NULL, NULL));
  g_assert_true (g_file_make_directory_with_parents (damaged_dir, NULL, NULL));
  g_assert_true (sb_history_entry_save (old, NULL, NULL));
  g_assert_true (sb_history_entry_save (unsent, NULL, NULL));
  g_assert_true (g_file_replace_contents (damaged, "{\"version\": 1, \"sta", 19, NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));
  /* A crash between creating the folder (or writing the sketch) and the
   * first entry.json leaves a folder without one: skipped too. */
  {
    g_autoptr(GFile) bare = g_file_get_child (fixture->directory, "20201010T101013-bare");
    g_autoptr(GFile) sketch = g_file_get_child (bare, "sketch.png");

    g_assert_true (g_file_make_directory_with_parents (bare, NULL, NULL));
    g_assert_true (g_file_replace_contents (sketch, "png", 3, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
  }

  /* The damaged one is skipped with a warning (not fatal here: see main). */
  history = reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);

  g_assert_cmpuint (sb_history_resume (history, queue), ==, 0);
  wait_for_saves (history);

  reloaded = reload (fixture);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (reloaded), i);

      if (sb_history_entry_get_task_id (entry) != NULL)
        g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_EXPIRED);
      else
        g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_FAILED);
    }
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "GET", "/api/v1/tasks/"), ==, 0);
}

/* Writes entry.json as @template with @member set to @value (a JSON
 * fragment), or removed when @value is NULL, into a new folder @name. */
static void
write_variant (Fixture    *fixture,
               const char *template,
               const char *name,
               const char *member,
               const char *value)
{
  g_autoptr(GFile) folder = g_file_get_child (fixture->directory, name);
  g_autoptr(GFile) file = g_file_get_child (folder, "entry.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  JsonObject *object;

  g_assert_true (json_parser_load_from_data (parser, template, -1, NULL));
  object = json_node_get_object (json_parser_get_root (parser));
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    {
      g_autoptr(JsonParser) fragment = json_parser_new ();

      g_assert_true (json_parser_load_from_data (fragment, value, -1, NULL));
      json_object_set_member (object, member, json_node_copy (json_parser_get_root (fragment)));
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  g_assert_cmpint (g_mkdir_with_parents (g_file_peek_path (folder), 0700), ==, 0);
  g_assert_true (g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
}

/* Entries that could not have come from us are set aside, never followed
 * into a crash: nested 100,000 deep (json-glib's parser overflowed), an
 * unfinished one without its sketch's address (sb_job_new asserted, then
 * crashed, at every start), an unknown state, times of the wrong type or
 * absurd, a file far too large. A clock that was ahead is clamped, so the
 * task is still polled. */
static void
test_history_hostile_entries (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GFile) good_dir = g_file_get_child (fixture->directory, "20301010T101010-ahead");
  g_autoptr(GFile) template_file = g_file_get_child (good_dir, "entry.json");
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbHistoryEntry) good = sb_history_entry_new (good_dir, params, fixture->sketch_url, SB_UPLOAD_METHOD_PUT);
  g_autoptr(SbHistory) history = NULL;
  g_autoptr(GFile) out = g_file_get_child (fixture->root, "unused");
  g_autoptr(SbJobQueue) queue = sb_job_queue_new (fixture->client, fixture->schedule, out);
  g_autoptr(SbHistoryEntry) loaded = NULL;
  g_autofree char *template = NULL;
  g_autofree char *ahead = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () + 24 * G_TIME_SPAN_HOUR);
  g_autofree char *huge = NULL;
  GString *deep = g_string_new (NULL);

  sb_history_entry_set_task (good, "task-from-the-future", "r", 0);
  sb_history_entry_set_state (good, SB_HISTORY_ENTRY_PENDING);
  g_assert_true (g_file_make_directory_with_parents (good_dir, NULL, NULL));
  g_assert_true (sb_history_entry_save (good, NULL, NULL));
  g_assert_true (g_file_load_contents (template_file, NULL, &template, NULL, NULL, NULL));

  write_variant (fixture, template, "20201010T000001-no-sketch-url", "sketch_url", NULL);
  write_variant (fixture, template, "20201010T000002-empty-sketch-url", "sketch_url", "\"\"");
  write_variant (fixture, template, "20201010T000003-unknown-state", "state", "\"exploded\"");
  write_variant (fixture, template, "20201010T000004-time-as-text", "created_at", "\"yesterday\"");
  write_variant (fixture, template, "20201010T000005-negative-time", "task_created_at", "-9223372036854775808");
  write_variant (fixture, template, "20201010T000006-no-state", "state", NULL);
  /* A task id that would reach a terminal, or an address, as it is. */
  write_variant (fixture, template, "20201010T000009-escaped-task-id", "task_id", "\"t\\u001b]0;x\\u0007\"");
  write_variant (fixture, template, "20201010T000010-path-task-id", "task_id", "\"../../etc\"");
  huge = g_strdup_printf ("\"%0*d\"", 300 * 1024, 0);
  write_variant (fixture, template, "20201010T000007-huge", "prompt_note", huge);
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  write_variant (fixture, template, "20201010T000008-deep", "images", "[]");
  {
    g_autoptr(GFile) file = g_file_new_build_filename (g_file_peek_path (fixture->directory),
                                                        "20201010T000008-deep", "entry.json", NULL);

    g_assert_true (g_file_replace_contents (file, deep->str, deep->len, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, NULL));
  }
  g_string_free (deep, TRUE);
  /* The one good entry, written by a clock a day ahead. */
  write_variant (fixture, template, "20301010T101010-ahead", "task_created_at", ahead);

  history = reload (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 1);
  loaded = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpstr (sb_history_entry_get_task_id (loaded), ==, "task-from-the-future");
  g_assert_cmpint (sb_history_entry_get_task_created_at (loaded), <=, g_get_real_time ());

  /* Clamped to now: resumed and polled, not waiting a day for its first poll. */
  g_assert_cmpuint (sb_history_resume (history, queue), ==, 1);
  while (sb_sim_server_count_requests (fixture->sim, "GET", "/api/v1/tasks/") == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_saves (history);
}

/* Retry: only a generation with nothing to show is made again (one with
 * pictures is not, whatever its state); a task the service may still
 * finish is open (polled, never made again) until it is over or 24 h old. */
static void
test_history_retry_rules (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_get_child (fixture->directory, "20251010T101010-rules");
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbHistoryEntry) entry = sb_history_entry_new (dir, params, fixture->sketch_url, SB_UPLOAD_METHOD_PUT);
  gint64 now = g_get_real_time ();

  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_FAILED);
  g_assert_true (sb_history_entry_can_retry (entry));
  g_assert_false (sb_history_entry_has_open_task (entry, now));   /* no task */

  sb_history_entry_add_image (entry, "t-1.png");
  g_assert_false (sb_history_entry_can_retry (entry));
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_CANCELLED);
  g_assert_false (sb_history_entry_can_retry (entry));
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_INCOMPLETE);
  g_assert_true (sb_history_entry_can_retry (entry));   /* fetches the rest */
  g_assert_true (sb_history_entry_remove_image (entry, "t-1.png"));

  sb_history_entry_set_task (entry, "t", "r", now - G_TIME_SPAN_HOUR);
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_FAILED);
  g_assert_false (sb_history_entry_has_open_task (entry, now));   /* an older entry: its status unknown */
  sb_history_entry_set_task_status (entry, SB_TASK_STATUS_RUNNING);
  g_assert_true (sb_history_entry_has_open_task (entry, now));
  g_assert_false (sb_history_entry_has_open_task (entry, now + SB_TASK_LIFETIME_US));
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_CANCELLED);
  g_assert_false (sb_history_entry_has_open_task (entry, now));
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_FAILED);
  for (SbTaskStatus status = SB_TASK_STATUS_SUCCEEDED; status <= SB_TASK_STATUS_CANCELED; status++)
    {
      sb_history_entry_set_task_status (entry, status);
      g_assert_false (sb_history_entry_has_open_task (entry, now));
    }

  /* The status survives a restart. */
  sb_history_entry_set_task_status (entry, SB_TASK_STATUS_PENDING);
  {
    g_autoptr(GBytes) json = sb_history_entry_serialize (entry);
    g_autoptr(SbHistoryEntry) loaded = sb_history_entry_load_from_data (dir, g_bytes_get_data (json, NULL),
                                                                         g_bytes_get_size (json), NULL);

    g_assert_nonnull (loaded);
    g_assert_true (sb_history_entry_has_open_task (loaded, now));
  }
}

static void
test_history_delete (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbHistory) history = sb_history_new (fixture->directory);
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbJob) job = sb_job_new (params, fixture->sketch_url);
  g_autoptr(SbHistoryEntry) entry = record (history, job);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_query_exists (sb_history_entry_get_directory (entry), NULL));
  wait_for_saves (history);
  sb_history_delete_async (history, entry, NULL, sb_test_store_result, &result);
  g_assert_true (sb_history_delete_finish (history, sb_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_query_exists (sb_history_entry_get_directory (entry), NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
}

/* Save As proposes the prompt and the picture's place, in any script,
 * never a path. */
static void
test_history_suggest_name (Fixture       *fixture,
                           gconstpointer  data)
{
  static const struct { const char *prompt, *expected; } cases[] = {
    { "A fox, in the snow!", "a-fox-in-the-snow-2.png" },
    { "雪中的狐狸", "雪中的狐狸-2.png" },
    { "../../etc/passwd", "etc-passwd-2.png" },
    { "?!  ...", "sketchbloom-2.png" },
    { "an extremely long prompt about a lighthouse on a rocky shore at dusk with gulls",
      "an-extremely-long-prompt-about-a-lighthouse-on-a-rocky-shore-2.png" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbParams) params = params_new ();
      g_autoptr(GFile) directory = g_file_get_child (fixture->directory, "name");
      g_autoptr(SbHistoryEntry) entry = NULL;
      g_autofree char *name = NULL;

      sb_params_set_prompt (params, cases[i].prompt);
      entry = sb_history_entry_new (directory, params, NULL, SB_UPLOAD_METHOD_PUT);
      sb_history_entry_add_image (entry, "image-0.png");
      sb_history_entry_add_image (entry, "image-1.png");
      name = sb_history_entry_suggest_name (entry, "image-1.png");
      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

/* The estimate a gallery row shows: small steps before the task exists,
 * then the task's time against the typical one, never full until done. */
static void
test_history_progress (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(GFile) directory = g_file_get_child (fixture->directory, "progress");
  g_autoptr(SbHistoryEntry) entry = sb_history_entry_new (directory, params, NULL, SB_UPLOAD_METHOD_PUT);
  gint64 now = g_get_real_time ();
  double queued, uploading, half, late, later;

  queued = sb_history_entry_estimate_progress (entry, 10, now);
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_UPLOADING);
  uploading = sb_history_entry_estimate_progress (entry, 10, now);
  g_assert_cmpfloat (queued, <, uploading);

  sb_history_entry_set_task (entry, "t", "r", now - 5 * G_USEC_PER_SEC);
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_RUNNING);
  half = sb_history_entry_estimate_progress (entry, 10, now);
  g_assert_cmpfloat_with_epsilon (half, 0.1 + 0.8 * 0.5, 1e-9);
  late = sb_history_entry_estimate_progress (entry, 10, now + 10 * G_USEC_PER_SEC);
  later = sb_history_entry_estimate_progress (entry, 10, now + 100 * G_USEC_PER_SEC);
  g_assert_cmpfloat (half, <, late);
  g_assert_cmpfloat (late, <, later);
  g_assert_cmpfloat (later, <, 0.93);   /* below downloading: never full while it runs */

  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DOWNLOADING);
  g_assert_cmpfloat (sb_history_entry_estimate_progress (entry, 10, now), >=, later);
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
  g_assert_cmpfloat (sb_history_entry_estimate_progress (entry, 10, now), ==, 1);
}

static void
count_changes (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               guint      *changes)
{
  (*changes)++;
}

/* A long history shows newest first, in batches as it is read (the first
 * rows long before the last are read); a sweep's variants are found
 * together; nothing is loaded twice. */
static void
test_history_batches (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(SbParams) params = params_new ();
  g_autoptr(SbHistory) history = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("20260101T%06u-0000000%u", i, i % 10);
      g_autoptr(GFile) directory = g_file_get_child (fixture->directory, name);
      g_autoptr(SbHistoryEntry) entry = sb_history_entry_new (directory, params, fixture->sketch_url,
                                                             SB_UPLOAD_METHOD_URL);
      if (i >= 294)
        sb_history_entry_set_sweep (entry, "sweep-1", SB_SWEEP_WEIGHTS, 299 - i);
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
      g_assert_true (g_file_make_directory_with_parents (directory, NULL, NULL));
      g_assert_true (sb_history_entry_save (entry, NULL, &error));
      g_assert_no_error (error);
    }

  history = sb_history_new (fixture->directory);
  g_signal_connect (history, "items-changed", G_CALLBACK (count_changes), &changes);
  sb_history_load_async (history, NULL, sb_test_store_result, &result);
  g_assert_true (sb_history_load_finish (history, sb_test_wait_for (&result), &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 300);
  g_assert_cmpuint (changes, >=, 2);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);
      g_autofree char *name = g_file_get_basename (sb_history_entry_get_directory (entry));
      g_autofree char *want = g_strdup_printf ("20260101T%06u-0000000%u", 299 - i, (299 - i) % 10);

      g_assert_cmpstr (name, ==, want);
    }
  {
    GPtrArray *sweep = sb_history_get_sweep (history, "sweep-1");

    g_assert_nonnull (sweep);
    g_assert_cmpuint (sweep->len, ==, 6);
    for (guint i = 0; i < sweep->len; i++)
      g_assert_cmpuint (sb_history_entry_get_sweep_index (g_ptr_array_index (sweep, i)), ==, i);
  }
  /* A generation: a sweep's every variant, or the one entry. */
  {
    g_autoptr(SbHistoryEntry) variant = g_list_model_get_item (G_LIST_MODEL (history), 2);
    g_autoptr(SbHistoryEntry) single = g_list_model_get_item (G_LIST_MODEL (history), 10);
    g_autoptr(GPtrArray) sweep = sb_history_get_generation (history, variant);
    g_autoptr(GPtrArray) alone = sb_history_get_generation (history, single);

    g_assert_cmpuint (sweep->len, ==, 6);
    g_assert_true (g_ptr_array_index (sweep, 0) == sb_history_get_sweep (history, "sweep-1")->pdata[0]);
    g_assert_cmpuint (alone->len, ==, 1);
    g_assert_true (g_ptr_array_index (alone, 0) == single);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A damaged entry is reported with g_warning(): expected, not a failure. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  g_test_add ("/history/round-trip", Fixture, NULL, fixture_set_up, test_history_round_trip, fixture_tear_down);
  g_test_add ("/history/resume", Fixture, NULL, fixture_set_up, test_history_resume, fixture_tear_down);
  g_test_add ("/history/expiry-and-damage", Fixture, NULL, fixture_set_up, test_history_expiry_and_damage, fixture_tear_down);
  g_test_add ("/history/progress", Fixture, NULL, fixture_set_up, test_history_progress, fixture_tear_down);
  g_test_add ("/history/batches", Fixture, NULL, fixture_set_up, test_history_batches, fixture_tear_down);
  g_test_add ("/history/retry-rules", Fixture, NULL, fixture_set_up, test_history_retry_rules, fixture_tear_down);
  g_test_add ("/history/delete", Fixture, NULL, fixture_set_up, test_history_delete, fixture_tear_down);
  g_test_add ("/history/suggest-name", Fixture, NULL, fixture_set_up, test_history_suggest_name, fixture_tear_down);
  g_test_add ("/history/enlargements", Fixture, NULL, fixture_set_up, test_history_enlargements, fixture_tear_down);
  g_test_add ("/history/hostile-entries", Fixture, NULL, fixture_set_up, test_history_hostile_entries, fixture_tear_down);

  return g_test_run ();
}
