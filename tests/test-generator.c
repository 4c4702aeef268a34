/* test-generator.c: the one generation pipeline, against the simulator
 *
 * The contract no other test guards so closely: a generation's history
 * entry is on disk before its create request leaves (for a sketch online,
 * one uploaded, and every variant of a sweep). And credentials are read for
 * every generation: a new key counts at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "sb-error.h"
#include "sb-generator.h"
#include "sb-json.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"

#define API_KEY "sk-generator"

/* The system's shared data (MIME types, proxy settings) stay; only the
 * user's folders are each test's own. */
static char *system_data_dirs;

typedef struct {
  SbSimServer *sim;
  GSettings   *settings;
  GFile       *data;
  GFile       *history;
  SbGenerator *generator;
  char        *sketch_url;
  char        *log;
  guint        checked;      /* jobs seen submitting */
  guint        on_disk;      /* …whose entry was on disk then */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (512, 512);
  g_autofree char *base = NULL;
  g_autofree char *files = NULL;

  g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
  /* G_TEST_OPTION_ISOLATE_DIRS: the user data folder is this test's own. */
  fixture->data = g_file_new_build_filename (g_get_user_data_dir (), "sketchbloom", NULL);
  fixture->history = g_file_get_child (fixture->data, "history");
  fixture->log = g_build_filename (g_get_user_data_dir (), "sim.log", NULL);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  fixture->sim = sb_sim_server_new (API_KEY, 0.2);
  sb_sim_server_listen (fixture->sim, 0, &error);
  g_assert_no_error (error);
  sb_sim_server_set_log_file (fixture->sim, fixture->log, &error);
  g_assert_no_error (error);
  sb_sim_server_set_history_directory (fixture->sim, fixture->history);
  sb_sim_server_store (fixture->sim, "/files/sketch.png", sketch);
  files = sb_sim_server_get_files_url (fixture->sim);
  fixture->sketch_url = g_strconcat (files, "sketch.png", NULL);
  base = sb_sim_server_get_base_url (fixture->sim);
  g_setenv ("DASHSCOPE_HTTP_BASE_URL", base, TRUE);
  g_setenv ("DASHSCOPE_API_KEY", API_KEY, TRUE);

  fixture->settings = sb_environment_get_settings ();
  g_assert_nonnull (fixture->settings);
  g_settings_set_enum (fixture->settings, "upload-method", SB_UPLOAD_METHOD_PUT);
  {
    g_autofree char *up = g_strconcat (files, "up/", NULL);

    g_settings_set_string (fixture->settings, "upload-url", up);
  }
  fixture->generator = sb_generator_new (fixture->settings, fixture->data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The last writes land before the test's folder goes. */
  while (sb_generator_get_busy (fixture->generator))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&fixture->generator);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->sim);
  g_clear_object (&fixture->history);
  g_clear_object (&fixture->data);
  g_clear_pointer (&fixture->sketch_url, g_free);
  g_clear_pointer (&fixture->log, g_free);
}

/* The moment the queue starts a job's create: its entry must be on disk. */
static void
on_job_state (SbJob      *job,
              GParamSpec *pspec,
              Fixture    *fixture)
{
  if (sb_job_get_state (job) != SB_JOB_SUBMITTING)
    return;
  fixture->checked++;
  fixture->on_disk += sb_sim_server_entry_waits (fixture->sim, sb_params_get_prompt (sb_job_get_params (job)));
}

static void
on_job_added (GListModel *active,
              guint       position,
              guint       removed,
              guint       added,
              Fixture    *fixture)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (active, i);

      g_signal_connect (job, "notify::state", G_CALLBACK (on_job_state), fixture);
      on_job_state (job, NULL, fixture);
    }
}

static GPtrArray *
submit (Fixture     *fixture,
        const char  *prompt,
        GBytes      *png,
        const char  *url,
        SbSweepKind  sweep,
        GError     **error)
{
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GAsyncResult) result = NULL;

  sb_params_set_prompt (params, prompt);
  sb_params_set_count (params, 1);
  sb_generator_submit_async (fixture->generator, params, png, url, sweep, NULL, sb_test_store_result, &result);
  return sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&result), error);
}

static void
wait_until_final (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    while (!sb_job_state_is_final (sb_job_get_state (g_ptr_array_index (jobs, i))))
      g_main_context_iteration (NULL, TRUE);
}

static void
test_generator_entry_before_create (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GBytes) png = sb_test_make_sketch_png (512, 512);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) online = NULL;
  g_autoptr(GPtrArray) uploaded = NULL;
  g_autoptr(GPtrArray) sweep = NULL;
  g_autoptr(GPtrArray) log = NULL;
  guint creates = 0;

  g_signal_connect (sb_generator_get_active_jobs (fixture->generator), "items-changed",
                    G_CALLBACK (on_job_added), fixture);

  online = submit (fixture, "a sketch already online", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  uploaded = submit (fixture, "a sketch uploaded by PUT", png, NULL, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  sweep = submit (fixture, "a sweep of weights", png, NULL, SB_SWEEP_WEIGHTS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sweep->len, ==, sb_sweep_get_n_variants (SB_SWEEP_WEIGHTS));
  wait_until_final (online);
  wait_until_final (uploaded);
  wait_until_final (sweep);

  for (guint i = 0; i < sweep->len; i++)
    g_assert_cmpint (sb_job_get_state (g_ptr_array_index (sweep, i)), ==, SB_JOB_DONE);
  /* At the moment each create started… */
  g_assert_cmpuint (fixture->checked, ==, 2 + sweep->len);
  g_assert_cmpuint (fixture->on_disk, ==, fixture->checked);

  /* …and when each arrived at the service. */
  log = sb_test_read_log (fixture->log);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (log, i));

      if (!g_str_has_suffix (sb_json_get_string (line, "path"), "/image-synthesis"))
        continue;
      creates++;
      g_assert_true (json_object_get_boolean_member (line, "entry_on_disk"));
    }
  g_assert_cmpuint (creates, >=, fixture->checked);

  /* Every task that made a picture is billed, once. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    SbUsage usage;

    sb_usage_ledger_compute (sb_generator_get_usage_ledger (fixture->generator), now, &usage);
    g_assert_cmpuint (usage.images, ==, 2 + sweep->len);
  }
}

/* The key is read for every generation: a refused one, then a good one. */
static void
test_generator_new_key (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) accepted = NULL;

  g_setenv ("DASHSCOPE_API_KEY", "sk-revoked", TRUE);
  refused = submit (fixture, "with the old key", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  wait_until_final (refused);
  g_assert_error (sb_job_get_error (g_ptr_array_index (refused, 0)), SB_ERROR, SB_ERROR_AUTH);

  g_setenv ("DASHSCOPE_API_KEY", API_KEY, TRUE);
  accepted = submit (fixture, "with the new key", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  wait_until_final (accepted);
  g_assert_cmpint (sb_job_get_state (g_ptr_array_index (accepted, 0)), ==, SB_JOB_DONE);
}

/* A generation started before the history has loaded (a long history takes
 * a while) goes its way: it is neither loaded twice nor taken for one an
 * earlier run left unfinished. */
static void
test_generator_while_loading (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GBytes) png = sb_test_make_sketch_png (512, 512);
  g_autoptr(GAsyncResult) submitted = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *history = G_LIST_MODEL (sb_generator_get_history (fixture->generator));
  g_autoptr(SbHistoryEntry) entry = NULL;
  guint resumed = 99;

  sb_params_set_prompt (params, "started while loading");
  sb_params_set_count (params, 1);
  sb_sim_server_hold_uploads (fixture->sim, TRUE);
  sb_generator_submit_async (fixture->generator, params, png, NULL, SB_SWEEP_NONE, NULL, sb_test_store_result,
                             &submitted);
  while (sb_sim_server_count_held_uploads (fixture->sim) == 0)
    g_main_context_iteration (NULL, TRUE);

  sb_generator_load_async (fixture->generator, NULL, sb_test_store_result, &loaded);
  g_assert_true (sb_generator_load_finish (fixture->generator, sb_test_wait_for (&loaded), &resumed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (resumed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  entry = g_list_model_get_item (history, 0);
  g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_UPLOADING);

  sb_sim_server_hold_uploads (fixture->sim, FALSE);
  jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&submitted), &error);
  g_assert_no_error (error);
  wait_until_final (jobs);
  g_assert_cmpint (sb_job_get_state (g_ptr_array_index (jobs, 0)), ==, SB_JOB_DONE);
  g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_DONE);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
}

/* A task stopped here but not at the service (its poll refused the key):
 * Retry asks about that task again, and makes no second one. */
static void
test_generator_retry_polls_open_task (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GAsyncResult) retried = NULL;
  g_autoptr(SbJob) again = NULL;
  g_autoptr(SbHistoryEntry) entry = NULL;
  GListModel *history = G_LIST_MODEL (sb_generator_get_history (fixture->generator));
  g_autofree char *task_id = NULL;

  g_assert_true (sb_sim_server_add_fault (fixture->sim, "refuse-poll", &error));
  jobs = submit (fixture, "refused while polling", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  wait_until_final (jobs);
  g_assert_error (sb_job_get_error (g_ptr_array_index (jobs, 0)), SB_ERROR, SB_ERROR_AUTH);
  entry = g_list_model_get_item (history, 0);
  g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_FAILED);
  g_assert_true (sb_history_entry_has_open_task (entry, g_get_real_time ()));
  task_id = g_strdup (sb_history_entry_get_task_id (entry));

  sb_generator_retry_async (fixture->generator, entry, NULL, sb_test_store_result, &retried);
  again = sb_generator_job_finish (fixture->generator, sb_test_wait_for (&retried), &error);
  g_assert_no_error (error);
  while (!sb_job_state_is_final (sb_job_get_state (again)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sb_job_get_state (again), ==, SB_JOB_DONE);
  g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_DONE);
  g_assert_cmpstr (sb_history_entry_get_task_id (entry), ==, task_id);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
  g_assert_false (sb_history_entry_has_open_task (entry, g_get_real_time ()));
}

/* One picture of two failed at the service: Make Again asks for that one
 * only, as a new task of one picture from the same sketch and settings, in
 * an entry of its own; the picture that came stays where it is. */
static void
test_generator_remake_one (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) remade = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(SbJob) again = NULL;
  g_autoptr(SbHistoryEntry) entry = NULL;
  g_autoptr(SbHistoryEntry) single = NULL;
  GListModel *history = G_LIST_MODEL (sb_generator_get_history (fixture->generator));
  g_auto(GStrv) images = NULL;
  g_auto(GStrv) failures = NULL;

  g_assert_true (sb_sim_server_add_fault (fixture->sim, "partial=1", &error));
  sb_params_set_prompt (params, "two foxes, one of them lost");
  sb_params_set_count (params, 2);
  sb_generator_submit_async (fixture->generator, params, NULL, fixture->sketch_url, SB_SWEEP_NONE, NULL,
                             sb_test_store_result, &result);
  jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  wait_until_final (jobs);
  entry = g_list_model_get_item (history, 0);
  images = sb_history_entry_get_images (entry);
  failures = sb_history_entry_get_failures (entry);
  g_assert_cmpuint (g_strv_length (images), ==, 1);
  g_assert_cmpuint (g_strv_length (failures), ==, 1);

  sb_generator_remake_one_async (fixture->generator, entry, NULL, sb_test_store_result, &remade);
  again = sb_generator_job_finish (fixture->generator, sb_test_wait_for (&remade), &error);
  g_assert_no_error (error);
  while (!sb_job_state_is_final (sb_job_get_state (again)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sb_job_get_state (again), ==, SB_JOB_DONE);
  g_assert_cmpuint (sb_job_get_files (again)->len, ==, 1);
  g_assert_cmpint (sb_params_get_count (sb_job_get_params (again)), ==, 1);
  g_assert_cmpstr (sb_params_get_prompt (sb_job_get_params (again)), ==, "two foxes, one of them lost");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 2);

  /* A new entry on top; the first keeps its picture and its failure. */
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  single = g_list_model_get_item (history, 0);
  g_assert_true (single != entry);
  g_assert_cmpint (sb_history_entry_get_state (single), ==, SB_HISTORY_ENTRY_DONE);
  g_clear_pointer (&images, g_strfreev);
  images = sb_history_entry_get_images (entry);
  g_assert_cmpuint (g_strv_length (images), ==, 1);
}

/* The International region serves neither engine: refused before any
 * request, naming both regions, with the way out in Preferences. */
static void
test_generator_region (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  guint requests = sb_sim_server_count_requests (fixture->sim, "POST", "/") +
                   sb_sim_server_count_requests (fixture->sim, "GET", "/");

  g_unsetenv ("DASHSCOPE_HTTP_BASE_URL");
  g_settings_set_string (fixture->settings, "region", "international");
  jobs = submit (fixture, "a lighthouse", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_null (jobs);
  g_assert_error (error, SB_ERROR, SB_ERROR_REGION);
  g_assert_nonnull (strstr (error->message, "wanx-sketch-to-image-lite"));
  g_assert_nonnull (strstr (error->message, "International (Singapore)"));
  g_assert_nonnull (strstr (error->message, "Mainland China (Beijing)"));
  g_assert_true (sb_error_is_fixed_in_preferences (error));
  {
    g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (sb_generator_get_history (fixture->generator)), 0);

    g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_FAILED);
  }
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/") +
                    sb_sim_server_count_requests (fixture->sim, "GET", "/"), ==, requests);
}

/* A sweep across engines: one picture from each on the same sketch; the
 * sketch model's by upload (PUT is set up), the doodle engine's inline with
 * its seed; one upload for the sweep, not one per variant. */
static void
test_generator_engine_sweep (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) png = sb_test_make_sketch_png (768, 768);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = submit (fixture, "a sweep of engines", png, NULL, SB_SWEEP_ENGINES, &error);
  g_autoptr(GPtrArray) log = NULL;
  guint lite = 0, doodle = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  wait_until_final (jobs);
  for (guint i = 0; i < jobs->len; i++)
    {
      g_assert_cmpint (sb_job_get_state (g_ptr_array_index (jobs, i)), ==, SB_JOB_DONE);
      g_assert_cmpuint (sb_job_get_files (g_ptr_array_index (jobs, i))->len, ==, 1);
    }

  log = sb_test_read_log (fixture->log);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (log, i));
      JsonObject *request = sb_json_get_object (line, "request");

      if (request == NULL || json_object_get_int_member (line, "status") != 200)
        continue;
      if (g_strcmp0 (sb_json_get_string (request, "model"), "wanx-sketch-to-image-lite") == 0)
        {
          lite++;
          g_assert_true (g_str_has_prefix (sb_json_get_string (sb_json_get_object (request, "input"), "sketch_image_url"),
                                           "http://"));
        }
      else
        {
          doodle++;
          g_assert_true (g_str_has_prefix (sb_json_get_string (sb_json_get_object (request, "input"), "base_image_url"),
                                           "data:image/png;base64,"));
          g_assert_true (json_object_has_member (sb_json_get_object (request, "parameters"), "seed"));
        }
    }
  g_assert_cmpuint (lite, ==, 1);
  g_assert_cmpuint (doodle, ==, 1);
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "PUT", "/files/up/"), ==, 1);
}

/* A third engine, in a test-only row: everything else reads the table. */
static JsonNode *
build_fake (const SbEngine *self,
            SbParams       *params,
            const char     *image_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *prompt = g_strconcat ("fake: ", sb_params_get_prompt (params), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);
  json_builder_set_member_name (builder, "input");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "function");
  json_builder_add_string_value (builder, self->function);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, prompt);
  json_builder_set_member_name (builder, "base_image_url");
  json_builder_add_string_value (builder, image_url);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, sb_params_get_count (params));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static const SbEngine fake_engine = {
  .id = "test-fake",
  .model = "wanx2.1-imageedit",
  .function = "doodle",
  .label = "Test Engine",
  .best_at = "showing that an engine is one row",
  .kind = SB_ENGINE_DRAWS,
  .price_cny = 1.0,
  .regions = SB_REGION_BIT (SB_REGION_MAINLAND),
  .prompt_max_chars = 20,
  .max_count = 1,
  .min_side = 256,
  .max_side = 4096,
  .max_image_bytes = 1024 * 1024,
  .tasks_at_once = 1,
  .creates_per_second = 1,
  .travel = SB_IMAGE_INLINE,
  .build_request = build_fake,
};

static void
test_generator_third_engine (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GBytes) png = sb_test_make_sketch_png (512, 512);
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(SbHistoryEntry) entry = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  SbUsage usage;
  const char *body = NULL;

  sb_engine_add_test_row (&fake_engine);
  g_assert_true (sb_engine_lookup ("test-fake") == &fake_engine);
  g_assert_cmpuint (sb_sweep_get_n_variants (SB_SWEEP_ENGINES), ==, 3);

  sb_params_set_engine (params, &fake_engine);
  sb_params_set_count (params, 1);
  /* Its own limits: 21 characters are one too many. */
  sb_params_set_prompt (params, "a fake one, too long!");
  g_assert_false (sb_params_validate (params, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  sb_params_set_prompt (params, "a fake one");

  sb_generator_submit_async (fixture->generator, params, png, NULL, SB_SWEEP_NONE, NULL, sb_test_store_result, &result);
  jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  wait_until_final (jobs);
  g_assert_cmpint (sb_job_get_state (g_ptr_array_index (jobs, 0)), ==, SB_JOB_DONE);
  g_assert_cmpuint (sb_job_get_files (g_ptr_array_index (jobs, 0))->len, ==, 1);

  /* Its row built the body; the sketch went inline, though PUT is set up. */
  log = sb_test_read_log (fixture->log);
  for (guint i = 0; i < log->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (log, i));

      if (g_str_has_suffix (sb_json_get_string (line, "path"), "/image-synthesis"))
        body = sb_json_get_string (line, "body");
    }
  g_assert_nonnull (body);
  g_assert_true (g_str_has_prefix (body, "{\"model\":\"wanx2.1-imageedit\",\"input\":{\"function\":\"doodle\","
                                         "\"prompt\":\"fake: a fake one\",\"base_image_url\":\"data:image/png;base64,"));
  g_assert_true (g_str_has_suffix (body, "\"},\"parameters\":{\"n\":1}}"));
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "PUT", "/files/up/"), ==, 0);

  /* The history records the engine, and reads it back. */
  entry = sb_history_entry_load (sb_job_get_directory (g_ptr_array_index (jobs, 0)), &error);
  g_assert_no_error (error);
  g_assert_true (sb_params_get_engine (sb_history_entry_get_params (entry)) == &fake_engine);

  /* The ledger counts it, by its model. */
  sb_usage_ledger_compute (sb_generator_get_usage_ledger (fixture->generator), now, &usage);
  g_assert_cmpuint (usage.images, ==, 1);
}

/* The last create the simulator took (HTTP 200), as it came. */
static JsonObject *
last_create (Fixture    *fixture,
             GPtrArray **log)
{
  JsonObject *found = NULL;

  g_clear_pointer (log, g_ptr_array_unref);
  *log = sb_test_read_log (fixture->log);
  for (guint i = 0; i < (*log)->len; i++)
    {
      JsonObject *line = json_node_get_object (g_ptr_array_index (*log, i));

      if (sb_json_get_object (line, "request") != NULL && json_object_get_int_member (line, "status") == 200)
        found = sb_json_get_object (line, "request");
    }
  g_assert_nonnull (found);
  return found;
}

static GBytes *
decode_data_uri (const char *uri)
{
  gsize length;
  guchar *data;

  g_assert_true (g_str_has_prefix (uri, "data:image/png;base64,"));
  data = g_base64_decode (uri + strlen ("data:image/png;base64,"), &length);
  return g_bytes_new_take (data, length);
}

static GdkPixbuf *
pixbuf_from_bytes (GBytes *bytes)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static gboolean
in_region (int x,
           int y)
{
  return x >= 200 && x < 420 && y >= 100 && y < 300;
}

/* A region as a soft overlay draws it: pink, mostly opaque, on nothing. */
static GBytes *
soft_region (int width,
             int height)
{
  g_autoptr(GdkPixbuf) overlay = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);

  gdk_pixbuf_fill (overlay, 0x00000000);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (in_region (x, y))
        {
          guchar *p = gdk_pixbuf_get_pixels (overlay) + y * gdk_pixbuf_get_rowstride (overlay) + x * 4;

          p[0] = 250, p[1] = 200, p[2] = 210, p[3] = 180;
        }
  return sb_test_pixbuf_to_png (overlay);
}

static SbJob *
edit (Fixture   *fixture,
      SbParams  *params,
      GFile     *picture,
      GBytes    *png)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;

  sb_generator_edit_async (fixture->generator, params, picture, png, SB_SWEEP_NONE, NULL, sb_test_store_result, &result);
  jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&result), &error);
  g_assert_no_error (error);
  wait_until_final (jobs);
  g_assert_cmpint (sb_job_get_state (g_ptr_array_index (jobs, 0)), ==, SB_JOB_DONE);
  return g_object_ref (g_ptr_array_index (jobs, 0));
}

/* A picture's edits: a repaint sends the picture and its region inline,
 * the region pure black and white exactly where it was painted; extending
 * asks for and gets the larger frame; each edit is recorded under its
 * picture, keeps that lineage across a restart, and stays when the
 * picture's generation is deleted; a failed repaint's Retry sends its
 * region again. */
static void
test_generator_edits (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(SbHistoryEntry) made = NULL;
  g_autoptr(GFile) picture = NULL;
  g_autoptr(SbParams) repaint = sb_params_new ();
  g_autoptr(SbParams) extend = sb_params_new ();
  g_autoptr(SbParams) change = sb_params_new ();
  g_autoptr(SbJob) repainted = NULL, extended = NULL, changed = NULL;
  g_autoptr(GBytes) region = soft_region (768, 768);
  g_autoptr(GBytes) sent = NULL, picture_bytes = NULL;
  g_autoptr(GdkPixbuf) mask = NULL, larger = NULL;
  g_auto(GStrv) images = NULL;
  g_autofree char *made_name = NULL;
  GListModel *history = G_LIST_MODEL (sb_generator_get_history (fixture->generator));
  JsonObject *request;

  jobs = submit (fixture, "a harbour", NULL, fixture->sketch_url, SB_SWEEP_NONE, &error);
  g_assert_no_error (error);
  wait_until_final (jobs);
  made = g_list_model_get_item (history, 0);
  made_name = g_file_get_basename (sb_history_entry_get_directory (made));
  images = sb_history_entry_get_images (made);
  picture = g_file_get_child (sb_history_entry_get_directory (made), images[0]);
  g_assert_true (g_file_query_exists (picture, NULL));

  /* Repaint: the picture as it is on disk, the region in two tones. */
  sb_params_set_engine (repaint, &sb_engine_repaint);
  sb_params_set_prompt (repaint, "a lighthouse");
  sb_params_set_count (repaint, 1);
  sb_params_set_mask (repaint, region);
  repainted = edit (fixture, repaint, picture, NULL);
  request = last_create (fixture, &log);
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==,
                   "description_edit_with_mask");
  picture_bytes = g_file_load_bytes (picture, NULL, NULL, &error);
  g_assert_no_error (error);
  sent = decode_data_uri (sb_json_get_string (sb_json_get_object (request, "input"), "base_image_url"));
  g_assert_true (g_bytes_equal (sent, picture_bytes));
  g_clear_pointer (&sent, g_bytes_unref);
  sent = decode_data_uri (sb_json_get_string (sb_json_get_object (request, "input"), "mask_image_url"));
  mask = pixbuf_from_bytes (sent);
  g_assert_cmpint (gdk_pixbuf_get_width (mask), ==, 768);
  for (int y = 0; y < 768; y++)
    for (int x = 0; x < 768; x++)
      {
        const guchar *p = gdk_pixbuf_read_pixels (mask) + y * gdk_pixbuf_get_rowstride (mask) +
                          x * gdk_pixbuf_get_n_channels (mask);
        guchar want = in_region (x, y) ? 255 : 0;

        if (p[0] != want || p[1] != want || p[2] != want)
          g_error ("mask pixel %d,%d is %d,%d,%d, not %d", x, y, p[0], p[1], p[2], want);
      }
  {
    g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (history, 0);
    g_autoptr(GFile) kept = g_file_get_child (sb_history_entry_get_directory (entry), "mask.png");
    g_autoptr(GBytes) kept_bytes = g_file_load_bytes (kept, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (kept_bytes, sent));   /* beside it, for Retry */
    g_assert_cmpstr (sb_history_entry_get_parent_entry (entry), ==, made_name);
    g_assert_cmpstr (sb_history_entry_get_parent_image (entry), ==, images[0]);
    g_assert_true (sb_history_get_parent (sb_generator_get_history (fixture->generator), entry) == made);
  }

  /* Extend: four scales asked, the frame they make returned. */
  sb_params_set_engine (extend, &sb_engine_extend);
  sb_params_set_prompt (extend, "more harbour");
  sb_params_set_count (extend, 1);
  sb_params_set_scale (extend, SB_SIDE_LEFT, 1.5);
  sb_params_set_scale (extend, SB_SIDE_TOP, 1.25);
  extended = edit (fixture, extend, picture, NULL);
  request = last_create (fixture, &log);
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==, "expand");
  g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "left_scale"), ==, 1.5);
  g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "top_scale"), ==, 1.25);
  g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "right_scale"), ==, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "bottom_scale"), ==, 1.0);
  larger = gdk_pixbuf_new_from_file (g_file_peek_path (g_ptr_array_index (sb_job_get_files (extended), 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (larger), ==, 1152);
  g_assert_cmpint (gdk_pixbuf_get_height (larger), ==, 960);

  /* Change in words, from the sketch (no picture of the history: no lineage). */
  sb_params_set_engine (change, &sb_engine_change);
  sb_params_set_prompt (change, "make the sky stormy");
  sb_params_set_count (change, 1);
  sb_params_set_strength (change, 0.3);
  {
    g_autoptr(GBytes) sketch = sb_test_make_sketch_png (600, 600);

    changed = edit (fixture, change, NULL, sketch);
  }
  request = last_create (fixture, &log);
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==, "description_edit");
  g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "strength"), ==, 0.3);
  {
    g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (history, 0);

    g_assert_null (sb_history_entry_get_parent_entry (entry));
  }

  /* Sweeps: an edit has no styles to sweep (refused before anything is
   * recorded); a change is one edit per strength, a sweep of its own. */
  {
    g_autoptr(GAsyncResult) refused = NULL, swept = NULL;
    g_autoptr(GPtrArray) swept_jobs = NULL;
    g_autoptr(GBytes) sketch = sb_test_make_sketch_png (600, 600);
    guint before = g_list_model_get_n_items (history);

    sb_generator_edit_async (fixture->generator, change, NULL, sketch, SB_SWEEP_STYLES, NULL, sb_test_store_result,
                             &refused);
    g_assert_null (sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&refused), &error));
    g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_cmpuint (g_list_model_get_n_items (history), ==, before);

    sb_generator_edit_async (fixture->generator, change, NULL, sketch, SB_SWEEP_STRENGTHS, NULL, sb_test_store_result,
                             &swept);
    swept_jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&swept), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (swept_jobs->len, ==, sb_sweep_get_n_variants (SB_SWEEP_STRENGTHS));
    wait_until_final (swept_jobs);
    for (guint i = 0; i < swept_jobs->len; i++)
      {
        g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (history, i);
        SbParams *variant = sb_history_entry_get_params (entry);

        g_assert_true (sb_history_entry_get_sweep_kind (entry) == SB_SWEEP_STRENGTHS);
        g_assert_cmpfloat_with_epsilon (sb_params_get_strength (variant), 0.2 * (sb_history_entry_get_sweep_index (entry) + 1),
                                        1e-9);
        g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_DONE);
      }
  }

  /* A failed repaint: Retry sends its picture and region again. */
  g_assert_true (sb_sim_server_add_fault (fixture->sim, "fail-task", &error));
  {
    g_autoptr(GAsyncResult) result = NULL, retried = NULL;
    g_autoptr(GPtrArray) failed_jobs = NULL;
    g_autoptr(SbHistoryEntry) failed = NULL;
    g_autoptr(SbJob) again = NULL;
    g_autoptr(GBytes) resent = NULL;

    sb_generator_edit_async (fixture->generator, repaint, picture, NULL, SB_SWEEP_NONE, NULL, sb_test_store_result, &result);
    failed_jobs = sb_generator_submit_finish (fixture->generator, sb_test_wait_for (&result), &error);
    g_assert_no_error (error);
    wait_until_final (failed_jobs);
    failed = g_list_model_get_item (history, 0);
    g_assert_cmpint (sb_history_entry_get_state (failed), ==, SB_HISTORY_ENTRY_FAILED);
    sb_generator_retry_async (fixture->generator, failed, NULL, sb_test_store_result, &retried);
    again = sb_generator_job_finish (fixture->generator, sb_test_wait_for (&retried), &error);
    g_assert_no_error (error);
    while (!sb_job_state_is_final (sb_job_get_state (again)))
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (sb_job_get_state (again), ==, SB_JOB_DONE);
    request = last_create (fixture, &log);
    resent = decode_data_uri (sb_json_get_string (sb_json_get_object (request, "input"), "mask_image_url"));
    g_assert_true (g_bytes_equal (resent, sent));
  }

  /* Deleting the picture's generation keeps its edits. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    SbHistory *kept = sb_generator_get_history (fixture->generator);
    guint edits = 0;

    sb_history_delete_async (kept, made, NULL, sb_test_store_result, &result);
    g_assert_true (sb_history_delete_finish (kept, sb_test_wait_for (&result), &error));
    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (history); i++)
      {
        g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (history, i);

        g_assert_true (entry != made);
        edits += sb_history_entry_get_parent_entry (entry) != NULL;
      }
    g_assert_cmpuint (edits, ==, 3);   /* the repaint, its retried twin, the extension */
  }
}

int
main (int   argc,
      char *argv[])
{
  const char *system_dirs = g_getenv ("XDG_DATA_DIRS");

  system_data_dirs = g_strdup (system_dirs != NULL ? system_dirs : "/usr/local/share:/usr/share");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Loopback only: no desktop proxy settings to read. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add ("/generator/entry-before-create", Fixture, NULL, fixture_set_up,
              test_generator_entry_before_create, fixture_tear_down);
  g_test_add ("/generator/new-key", Fixture, NULL, fixture_set_up, test_generator_new_key, fixture_tear_down);
  g_test_add ("/generator/while-loading", Fixture, NULL, fixture_set_up, test_generator_while_loading,
              fixture_tear_down);
  g_test_add ("/generator/retry-polls-open-task", Fixture, NULL, fixture_set_up,
              test_generator_retry_polls_open_task, fixture_tear_down);
  g_test_add ("/generator/region", Fixture, NULL, fixture_set_up, test_generator_region, fixture_tear_down);
  g_test_add ("/generator/remake-one", Fixture, NULL, fixture_set_up, test_generator_remake_one, fixture_tear_down);
  g_test_add ("/generator/engine-sweep", Fixture, NULL, fixture_set_up, test_generator_engine_sweep, fixture_tear_down);
  /* Last: the row it adds stays for the rest of the process. */
  g_test_add ("/generator/edits", Fixture, NULL, fixture_set_up, test_generator_edits, fixture_tear_down);
  g_test_add ("/generator/third-engine", Fixture, NULL, fixture_set_up, test_generator_third_engine,
              fixture_tear_down);

  return g_test_run ();
}
