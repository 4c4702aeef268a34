/* test-dashscope-client.c: the client against the simulator, fault by fault
 *
 * The simulator runs in this process on loopback; its JSON-lines log shows
 * what reached which host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-json.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"
#include "sb-thumbnail.h"

#define API_KEY "sk-test-0123456789"

typedef struct {
  SbSimServer       *sim;
  SbDashscopeClient *client;
  SbPollSchedule    *schedule;
  char              *base_url;
  char              *sketch_url;
  char              *tmpdir;
  char              *log_path;
  GFile             *out_dir;
} Fixture;

typedef struct {
  const char *faults;         /* comma-separated */
  double      service_seconds;
  const char *workspace;
} Setup;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (512, 512);
  g_autofree char *files_url = NULL;

  fixture->tmpdir = g_dir_make_tmp ("sketchbloom-client-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->log_path = g_build_filename (fixture->tmpdir, "sim.log", NULL);
  fixture->out_dir = g_file_new_build_filename (fixture->tmpdir, "out", NULL);

  fixture->sim = sb_sim_server_new (API_KEY, setup->service_seconds > 0 ? setup->service_seconds : 0.4);
  if (setup->faults != NULL)
    {
      g_auto(GStrv) faults = g_strsplit (setup->faults, ",", -1);

      for (guint i = 0; faults[i] != NULL; i++)
        {
          sb_sim_server_add_fault (fixture->sim, faults[i], &error);
          g_assert_no_error (error);
        }
    }
  sb_sim_server_set_log_file (fixture->sim, fixture->log_path, &error);
  g_assert_no_error (error);
  sb_sim_server_listen (fixture->sim, 0, &error);
  g_assert_no_error (error);
  sb_sim_server_store (fixture->sim, "/files/sketch.png", sketch);

  fixture->base_url = sb_sim_server_get_base_url (fixture->sim);
  files_url = sb_sim_server_get_files_url (fixture->sim);
  fixture->sketch_url = g_strconcat (files_url, "sketch.png", NULL);
  fixture->client = sb_dashscope_client_new (fixture->base_url, API_KEY, setup->workspace, &error);
  g_assert_no_error (error);

  /* As if a few short tasks had been seen: polls come every half second. */
  fixture->schedule = sb_poll_schedule_new ();
  for (int i = 0; i < 5; i++)
    sb_poll_schedule_observe (fixture->schedule, 0.4);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) tmpdir = g_file_new_for_path (fixture->tmpdir);

  /* Like g_assert_finalize_object(), but lets a worker thread that has just
   * returned a result drop its reference first. */
  g_object_add_weak_pointer (G_OBJECT (fixture->client), (gpointer *) &fixture->client);
  g_object_unref (fixture->client);
  for (guint i = 0; fixture->client != NULL && i < 2000; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (fixture->client);
  g_clear_object (&fixture->schedule);
  g_clear_object (&fixture->sim);
  g_clear_object (&fixture->out_dir);
  sb_test_remove_tree (tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->log_path);
  g_free (fixture->base_url);
  g_free (fixture->sketch_url);
}

static SbParams *
params_new (int count)
{
  SbParams *params = sb_params_new ();

  sb_params_set_prompt (params, "a tall tree by a quiet lake");
  sb_params_set_style (params, SB_STYLE_WATERCOLOR);
  sb_params_set_count (params, count);
  return params;
}

static SbTask *
create (Fixture    *fixture,
        const char *sketch_url,
        int         count,
        GError    **error)
{
  g_autoptr(SbParams) params = params_new (count);
  g_autoptr(GAsyncResult) result = NULL;

  sb_dashscope_client_create_task_async (fixture->client, params, sketch_url, NULL, sb_test_store_result, &result);
  return sb_dashscope_client_create_task_finish (fixture->client, sb_test_wait_for (&result), error);
}

static void
wait_task (Fixture      *fixture,
           SbTask       *task,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_dashscope_client_wait_task_async (fixture->client, task, g_get_real_time (), fixture->schedule,
                                       cancellable, sb_test_store_result, &result);
  sb_dashscope_client_wait_task_finish (fixture->client, sb_test_wait_for (&result), error);
}

static SbTask *
generate (Fixture *fixture,
          int      count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, count, &error);

  g_assert_no_error (error);
  wait_task (fixture, task, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sb_task_status_is_final (sb_task_get_status (task)));

  return g_steal_pointer (&task);
}

static GFile *
download (Fixture    *fixture,
          const char *url,
          const char *basename,
          GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sb_dashscope_client_download_async (fixture->client, url, fixture->out_dir, basename, NULL, NULL, sb_test_store_result, &result);
  return sb_dashscope_client_download_finish (fixture->client, sb_test_wait_for (&result), error);
}

/* The key went to the API host and nowhere else. */
static void
assert_key_only_to_api_host (Fixture *fixture)
{
  g_autoptr(GPtrArray) entries = sb_test_read_log (fixture->log_path);
  guint api = 0, files = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));
      const char *listener = sb_json_get_string (entry, "listener");
      const char *authorization = sb_json_get_string (entry, "authorization");

      if (g_str_equal (listener, "files"))
        {
          g_assert_cmpstr (authorization, ==, "absent");
          files++;
        }
      else
        {
          g_assert_cmpstr (sb_json_get_string (entry, "host"), ==, "127.0.0.1");
          api++;
        }
    }
  g_assert_cmpuint (api, >, 0);
  g_assert_cmpuint (files, >, 0);
}

static guint
count_creates (Fixture *fixture)
{
  return sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/aigc/image2image/image-synthesis");
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 2);
  GPtrArray *results = sb_task_get_results (task);
  int total, succeeded, failed;

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_true (sb_task_get_metrics (task, &total, &succeeded, &failed));
  g_assert_cmpint (succeeded, ==, 2);
  g_assert_cmpint (sb_task_get_image_count (task), ==, 2);
  g_assert_nonnull (sb_task_get_request_id (task));
  /* It learned from the task. */
  g_assert_cmpuint (sb_poll_schedule_get_n_observations (fixture->schedule), ==, 6);

  for (guint i = 0; i < results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);
      g_autofree char *basename = sb_result_download_file_name (sb_task_get_id (task), i + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = download (fixture, result->url, basename, &error);
      g_autofree char *path = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_no_error (error);
      path = g_file_get_path (file);
      g_assert_true (g_str_has_suffix (path, ".png"));
      pixbuf = gdk_pixbuf_new_from_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 768);
      /* Its gallery thumbnail beside it, from the same decode. */
      {
        g_autoptr(GFile) kept = sb_thumbnail_get_file (file);
        g_autofree char *kept_path = g_file_get_path (kept);
        g_autoptr(GdkPixbuf) thumbnail = gdk_pixbuf_new_from_file (kept_path, &error);

        g_assert_no_error (error);
        g_assert_cmpint (gdk_pixbuf_get_width (thumbnail), ==, SB_THUMBNAIL_SIZE);
      }
    }

  g_assert_cmpuint (count_creates (fixture), ==, 1);
  assert_key_only_to_api_host (fixture);
}

/* 429 Throttling on create: the service took nothing, so retrying is safe. */
static void
test_throttled_create (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 1);

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (count_creates (fixture), ==, 3);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
}

/* A 500 after the task was made: not retried, so not paid twice. */
static void
test_server_error_create (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, 1, &error);

  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_SERVER);
  g_assert_nonnull (sb_error_get_request_id (error));
  g_assert_cmpuint (count_creates (fixture), ==, 1);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
}

/* A connection reset after the body went out: fate unknown, not retried. */
static void
test_dropped_create (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, 1, &error);

  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_UNCERTAIN);
  g_assert_cmpuint (count_creates (fixture), ==, 1);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);
}

/* 503, 429, a broken body and a dropped connection while polling: all survived. */
static void
test_poll_faults (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 1);

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "GET", "/api/v1/tasks/"), >=, 6);
  g_assert_cmpuint (count_creates (fixture), ==, 1);
}

static void
test_task_failed (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 2);
  g_autoptr(GError) error = sb_task_to_error (task);

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_FAILED);
  g_assert_error (error, SB_ERROR, SB_ERROR_TASK_FAILED);
  g_assert_cmpstr (sb_error_get_service_code (error), ==, "InternalError.Algo");
  g_assert_nonnull (sb_error_get_request_id (error));
}

static void
test_partial (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 3);
  GPtrArray *results = sb_task_get_results (task);
  guint urls = 0, failures = 0;

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (results->len, ==, 3);
  for (guint i = 0; i < results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);

      if (result->url != NULL)
        urls++;
      else
        {
          g_assert_cmpstr (result->code, ==, "InternalError.Timeout");
          failures++;
        }
    }
  g_assert_cmpuint (urls, ==, 2);
  g_assert_cmpuint (failures, ==, 1);
  g_assert_cmpint (sb_task_get_image_count (task), ==, 2);
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 1);
  g_autoptr(GError) error = sb_task_to_error (task);

  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_UNKNOWN);
  g_assert_error (error, SB_ERROR, SB_ERROR_TASK_UNKNOWN);
}

static void
assert_nothing_downloaded (Fixture *fixture)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (fixture->out_dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_autoptr(GFileInfo) info = children != NULL ? g_file_enumerator_next_file (children, NULL, NULL) : NULL;

  if (info != NULL)
    g_error ("a file was left behind: %s", g_file_info_get_name (info));
}

static void
test_bad_results (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 1);
  SbTaskResult *result = g_ptr_array_index (sb_task_get_results (task), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = download (fixture, result->url, "image-1", &error);

  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "127.0.0.2"));
  assert_nothing_downloaded (fixture);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, 1, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;

  g_assert_no_error (error);

  /* PENDING: it can be cancelled, and then says so. */
  sb_dashscope_client_cancel_task_async (fixture->client, sb_task_get_id (task), NULL, sb_test_store_result, &result);
  g_assert_true (sb_dashscope_client_cancel_task_finish (fixture->client, sb_test_wait_for (&result), &error));
  g_assert_no_error (error);
  wait_task (fixture, task, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_CANCELED);

  /* No longer PENDING: refused, and said plainly. */
  sb_dashscope_client_cancel_task_async (fixture->client, sb_task_get_id (task), NULL, sb_test_store_result, &again);
  g_assert_false (sb_dashscope_client_cancel_task_finish (fixture->client, sb_test_wait_for (&again), &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_NOT_CANCELLABLE);
}

static void
test_wrong_key (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbDashscopeClient) client = sb_dashscope_client_new (fixture->base_url, "sk-wrong", NULL, &error);
  g_autoptr(SbParams) params = params_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbTask) task = NULL;
  g_autofree char *details = NULL;

  g_assert_no_error (error);
  sb_dashscope_client_create_task_async (client, params, fixture->sketch_url, NULL, sb_test_store_result, &result);
  task = sb_dashscope_client_create_task_finish (client, sb_test_wait_for (&result), &error);
  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_AUTH);
  details = sb_error_format_details (error);
  /* The simulator echoes the key it was given, as some services do: it is
   * neither shown nor kept. */
  g_assert_true (g_str_has_prefix (details, "InvalidApiKey: Invalid API-key provided: [API key] (request_id: "));
  g_assert_null (strstr (details, "sk-wrong"));
  g_assert_null (strstr (error->message, "sk-wrong"));
}

static void
test_workspace (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SbTask) task = generate (fixture, 1);
  g_autoptr(GPtrArray) entries = sb_test_read_log (fixture->log_path);
  guint api = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));

      if (g_str_equal (sb_json_get_string (entry, "listener"), "api"))
        {
          g_assert_cmpstr (sb_json_get_string (entry, "workspace"), ==, "llm-test");
          api++;
        }
      else
        g_assert_null (sb_json_get_string (entry, "workspace"));
    }
  g_assert_cmpuint (api, >=, 2);
}

/* The service refuses sketches it cannot use; the client says which way. */
static void
test_bad_sketches (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GBytes) tiny = sb_test_make_sketch_png (100, 100);
  g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
  g_autofree char *files_url = sb_sim_server_get_files_url (fixture->sim);
  static const struct { const char *name; SbErrorCode code; } cases[] = {
    { "missing.png", SB_ERROR_INVALID_URL },
    { "tiny.png", SB_ERROR_RESOLUTION },
    { "text.png", SB_ERROR_INVALID_URL },
  };

  sb_sim_server_store (fixture->sim, "/files/tiny.png", tiny);
  sb_sim_server_store (fixture->sim, "/files/text.png", text);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = g_strconcat (files_url, cases[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTask) task = create (fixture, url, 1, &error);

      g_assert_null (task);
      g_assert_error (error, SB_ERROR, (int) cases[i].code);
      g_assert_nonnull (sb_error_get_request_id (error));
    }
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 0);
}

/* The image-edit engines through the same client, against the simulator's
 * rules for that model: the sketch inline, pictures the sketch's size (times
 * the factor when enlarging), two tasks at once, and what the service would
 * refuse refused with its words and request_id. */
static SbTask *
create_with (Fixture         *fixture,
             const SbEngine  *engine,
             GBytes          *png,
             int              factor,
             GError         **error)
{
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *encoded = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *uri = g_strconcat ("data:image/png;base64,", encoded, NULL);

  sb_params_set_engine (params, engine);
  sb_params_set_prompt (params, "a tall tree");
  sb_params_set_count (params, 1);
  sb_params_set_seed (params, 7);
  sb_params_set_factor (params, factor);
  sb_dashscope_client_create_task_async (fixture->client, params, uri, NULL, sb_test_store_result, &result);
  return sb_dashscope_client_create_task_finish (fixture->client, sb_test_wait_for (&result), error);
}

static void
test_imageedit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) sketch = sb_test_make_sketch_png (768, 768);
  g_autoptr(GBytes) small = sb_test_make_sketch_png (300, 300);
  g_autoptr(GBytes) text = g_bytes_new_static ("not a picture at all", 20);
  static const struct { const SbEngine *engine; int factor; int side; } cases[] = {
    { &sb_engine_doodle, 1, 768 },
    { &sb_engine_enlarge, 3, 2304 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTask) task = create_with (fixture, cases[i].engine, sketch, cases[i].factor, &error);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autofree char *basename = NULL;

      g_assert_no_error (error);
      wait_task (fixture, task, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sb_task_get_status (task), ==, SB_TASK_STATUS_SUCCEEDED);
      basename = sb_result_download_file_name (sb_task_get_id (task), 1);
      file = download (fixture, ((SbTaskResult *) g_ptr_array_index (sb_task_get_results (task), 0))->url,
                       basename, &error);
      g_assert_no_error (error);
      pixbuf = gdk_pixbuf_new_from_file (g_file_peek_path (file), &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, cases[i].side);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, cases[i].side);
    }

  /* Two tasks of this model may be in progress at once; a third is told
   * to wait (429, nothing made), and the client asks again until one ends. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SbTask) first = create_with (fixture, &sb_engine_doodle, sketch, 1, &error);
    g_autoptr(SbTask) second = create_with (fixture, &sb_engine_doodle, sketch, 1, &error);
    g_autoptr(SbTask) third = NULL;
    g_autoptr(GPtrArray) log = NULL;
    guint waited = 0;

    g_assert_no_error (error);
    g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 5);   /* past the two creates a second */
    third = create_with (fixture, &sb_engine_doodle, sketch, 1, &error);
    g_assert_no_error (error);
    log = sb_test_read_log (fixture->log_path);
    for (guint i = 0; i < log->len; i++)
      {
        JsonObject *line = json_node_get_object (g_ptr_array_index (log, i));

        waited += g_str_has_suffix (sb_json_get_string (line, "path"), "/image-synthesis") &&
                  json_object_get_int_member (line, "status") == 429;
      }
    g_assert_cmpuint (waited, >=, 1);
    wait_task (fixture, first, NULL, &error);
    g_assert_no_error (error);
    wait_task (fixture, third, NULL, &error);
    g_assert_no_error (error);
  }

  /* Under 512 px, and not a picture: refused by the service, each with its
   * request_id, nothing made. */
  {
    guint tasks = sb_sim_server_count_tasks (fixture->sim);
    g_autoptr(GError) error = NULL;
    g_autoptr(SbTask) none = create_with (fixture, &sb_engine_doodle, small, 1, &error);

    g_assert_null (none);
    g_assert_error (error, SB_ERROR, SB_ERROR_RESOLUTION);
    g_assert_nonnull (sb_error_get_request_id (error));
    g_clear_error (&error);
    g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 5);
    none = create_with (fixture, &sb_engine_doodle, text, 1, &error);
    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_nonnull (sb_error_get_request_id (error));
    g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, tasks);
  }
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancellable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, 1, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start;

  g_assert_no_error (error);
  g_timeout_add (200, cancel_soon, cancellable);
  start = g_get_monotonic_time ();
  wait_task (fixture, task, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* It stopped at the cancellation, not at the end of the 10 s task. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* A refused connection sent nothing: the create is retried until the
 * service is there, and makes exactly one task. */
static gboolean
start_sim (gpointer user_data)
{
  SbSimServer *sim = user_data;
  guint port = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sim), "port"));
  g_autoptr(GError) error = NULL;

  sb_sim_server_listen (sim, port, &error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
test_create_retried_when_refused (void)
{
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SbSimServer) sim = sb_sim_server_new (API_KEY, 0.2);
  g_autoptr(SbDashscopeClient) client = NULL;
  g_autoptr(SbParams) params = params_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SbTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *sketch_url = NULL;
  guint port;

  /* A free port, closed again: connections to it are refused for now. */
  g_assert_true (g_socket_bind (probe, any, TRUE, NULL));
  bound = g_socket_get_local_address (probe, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (probe, NULL);

  base_url = g_strdup_printf ("http://127.0.0.1:%u/api/v1", port);
  client = sb_dashscope_client_new (base_url, API_KEY, NULL, &error);
  g_assert_no_error (error);

  /* The files host comes up with the API host; the URL is only read then. */
  g_object_set_data (G_OBJECT (sim), "port", GUINT_TO_POINTER (port));
  sketch_url = g_strdup ("http://127.0.0.2:1/unused.png");
  sb_dashscope_client_create_task_async (client, params, sketch_url, NULL, sb_test_store_result, &result);
  g_timeout_add (300, start_sim, sim);
  task = sb_dashscope_client_create_task_finish (client, sb_test_wait_for (&result), &error);

  /* The create reached the service on a later attempt; the service then
   * refused the (unreachable) sketch, which proves it was sent once. */
  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_URL);
  g_assert_cmpuint (sb_sim_server_count_requests (sim, "POST", "/api/v1/services/"), ==, 1);
}

static void
test_download_cap (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *files_url = sb_sim_server_get_files_url (fixture->sim);
  g_autofree char *url = g_strconcat (files_url, "huge.png", NULL);
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (SB_DOWNLOAD_MAX_BYTES + 1), SB_DOWNLOAD_MAX_BYTES + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  sb_sim_server_store (fixture->sim, "/files/huge.png", huge);
  file = download (fixture, url, "huge", &error);
  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "larger than"));
  assert_nothing_downloaded (fixture);
}

/* An answer that never ends is cut off at SB_ANSWER_MAX_BYTES (it grew to
 * 3 GB), and one that drips a byte at a time runs out of time (the session's
 * timeouts only see silence). A create cut off so is uncertain, not retried. */
static void
test_hostile_answers (void)
{
  g_autofree char *endless_url = NULL, *drip_url = NULL;
  g_autoptr(GSocketService) endless = sb_test_hostile_server_new (SB_TEST_HOSTILE_ENDLESS, &endless_url);
  g_autoptr(GSocketService) drip = sb_test_hostile_server_new (SB_TEST_HOSTILE_DRIP, &drip_url);
  g_autoptr(SbDashscopeClient) endless_client = sb_dashscope_client_new (endless_url, API_KEY, NULL, NULL);
  g_autoptr(SbDashscopeClient) drip_client = sb_dashscope_client_new (drip_url, API_KEY, NULL, NULL);
  g_autoptr(SbParams) params = params_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = NULL;

  sb_dashscope_client_query_task_async (endless_client, "t1", NULL, sb_test_store_result, &result);
  task = sb_dashscope_client_query_task_finish (endless_client, sb_test_wait_for (&result), &error);
  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_clear_error (&error);
  g_clear_object (&result);

  sb_dashscope_client_set_answer_deadline (drip_client, 1);
  sb_dashscope_client_create_task_async (drip_client, params, "http://127.0.0.2:1/x.png", NULL,
                                         sb_test_store_result, &result);
  task = sb_dashscope_client_create_task_finish (drip_client, sb_test_wait_for (&result), &error);
  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_UNCERTAIN);
  g_assert_nonnull (strstr (error->message, "within 1 s"));
  g_socket_service_stop (endless);
  g_socket_service_stop (drip);
}

/* A result that redirects to plain http elsewhere is not followed there. */
static void
test_download_redirect_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autoptr(GSocketService) redirecting = sb_test_hostile_server_new (SB_TEST_HOSTILE_REDIRECT_OUT, &base);
  g_autofree char *url = g_strconcat (base, "/result.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = download (fixture, url, "redirected", &error);

  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "203.0.113.5"));
  assert_nothing_downloaded (fixture);
  g_socket_service_stop (redirecting);
}

/* A result that redirects to itself: followed SB_DOWNLOAD_MAX_REDIRECTS
 * times, then refused, never for ever. */
static void
test_download_redirect_loop (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autoptr(GSocketService) looping = sb_test_hostile_server_new (SB_TEST_HOSTILE_REDIRECT_LOOP, &base);
  g_autofree char *url = g_strconcat (base, "/result.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = download (fixture, url, "looped", &error);

  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "too many redirects"));
  g_assert_cmpint (g_atomic_int_get ((int *) g_object_get_data (G_OBJECT (looping), "hops")), ==,
                   SB_DOWNLOAD_MAX_REDIRECTS + 1);
  assert_nothing_downloaded (fixture);
  g_socket_service_stop (looping);
}

/* A result with no Content-Length that never ends is cut at the cap as it
 * arrives: the declared length is not the only guard. */
static void
test_download_cap_undeclared (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *base = NULL;
  g_autoptr(GSocketService) endless = sb_test_hostile_server_new (SB_TEST_HOSTILE_ENDLESS, &base);
  g_autofree char *url = g_strconcat (base, "/result.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = download (fixture, url, "endless", &error);

  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "larger than"));
  assert_nothing_downloaded (fixture);
  g_socket_service_stop (endless);
}

/* An answer to a create cut off at the size limit: the task may exist, so
 * it is uncertain (never sent again), not a server error to retry. */
static void
test_create_overlong_answer (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocketService) endless = sb_test_hostile_server_new (SB_TEST_HOSTILE_ENDLESS, &url);
  g_autoptr(SbDashscopeClient) client = sb_dashscope_client_new (url, API_KEY, NULL, NULL);
  g_autoptr(SbParams) params = params_new (1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = NULL;

  sb_dashscope_client_create_task_async (client, params, "http://127.0.0.2:1/x.png", NULL, sb_test_store_result, &result);
  task = sb_dashscope_client_create_task_finish (client, sb_test_wait_for (&result), &error);
  g_assert_null (task);
  g_assert_error (error, SB_ERROR, SB_ERROR_UNCERTAIN);
  g_assert_nonnull (strstr (error->message, "larger than"));
  g_socket_service_stop (endless);
}

/* A task past its 24 hours: the service may still say RUNNING (or not
 * answer at all), but no poll can give its pictures: the wait ends. */
static void
test_wait_past_lifetime (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTask) task = create (fixture, fixture->sketch_url, 1, &error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_no_error (error);
  sb_dashscope_client_wait_task_async (fixture->client, task, g_get_real_time () - SB_TASK_LIFETIME_US - G_USEC_PER_SEC,
                                       fixture->schedule, NULL, sb_test_store_result, &result);
  g_assert_false (sb_dashscope_client_wait_task_finish (fixture->client, sb_test_wait_for (&result), &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_TASK_UNKNOWN);
  g_assert_false (sb_task_status_is_final (sb_task_get_status (task)));
}

/* A poll answered about another task used to be polled for ever. */
static void
test_answer_about_another_task (void)
{
  g_autofree char *url = NULL;
  g_autoptr(GSocketService) other = sb_test_hostile_server_new (SB_TEST_HOSTILE_OTHER_TASK, &url);
  g_autoptr(SbDashscopeClient) client = sb_dashscope_client_new (url, API_KEY, NULL, NULL);
  g_autoptr(SbPollSchedule) schedule = sb_poll_schedule_new ();
  g_autoptr(SbTask) task = sb_task_new ("mine");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sb_dashscope_client_wait_task_async (client, task, g_get_real_time (), schedule, NULL, sb_test_store_result, &result);
  g_assert_false (sb_dashscope_client_wait_task_finish (client, sb_test_wait_for (&result), &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "someone-else"));
  g_socket_service_stop (other);
}

/* A result whose header declares 30000×30000 pixels (3.6 GB decoded) is
 * refused before any decoding, and so is an SVG: neither is saved. */
static void
test_download_bombs (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"768\" height=\"768\"/>";
  g_autofree char *files_url = sb_sim_server_get_files_url (fixture->sim);
  g_autofree char *bomb_url = g_strconcat (files_url, "bomb.png", NULL);
  g_autofree char *svg_url = g_strconcat (files_url, "picture.svg", NULL);
  g_autoptr(GBytes) bomb_bytes = sb_test_png_header (30000, 30000);
  g_autoptr(GBytes) svg_bytes = g_bytes_new_static (svg, sizeof svg - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  sb_sim_server_store (fixture->sim, "/files/bomb.png", bomb_bytes);
  sb_sim_server_store (fixture->sim, "/files/picture.svg", svg_bytes);
  file = download (fixture, bomb_url, "bomb", &error);
  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "30000×30000"));
  g_clear_error (&error);

  file = download (fixture, svg_url, "svg", &error);
  g_assert_null (file);
  g_assert_error (error, SB_ERROR, SB_ERROR_DOWNLOAD);
  g_assert_nonnull (strstr (error->message, "not a PNG, JPEG, WEBP or BMP"));
  assert_nothing_downloaded (fixture);
}

static void
test_urls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbDashscopeClient) official = NULL;
  g_autoptr(SbDashscopeClient) local = NULL;
  SbDashscopeClient *refused;
  g_autofree char *name = NULL;

  refused = sb_dashscope_client_new ("http://dashscope.aliyuncs.com/api/v1", "k", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, SB_ERROR, SB_ERROR_INSECURE_URL);
  g_clear_error (&error);

  refused = sb_dashscope_client_new ("http://192.168.1.10:8080/api/v1", "k", NULL, &error);
  g_assert_error (error, SB_ERROR, SB_ERROR_INSECURE_URL);
  g_clear_error (&error);

  refused = sb_dashscope_client_new (SB_DASHSCOPE_BASE_URL_MAINLAND, "", NULL, &error);
  g_assert_error (error, SB_ERROR, SB_ERROR_NO_API_KEY);
  g_clear_error (&error);

  /* A key that cannot go in a header is refused before any request. */
  for (guint i = 0; i < 4; i++)
    {
      const char *keys[] = { "sk-abc\r\nX-Injected: 1", "sk-abc\n", "sk abc", "sk-\xc3\xa9" };

      refused = sb_dashscope_client_new (SB_DASHSCOPE_BASE_URL_MAINLAND, keys[i], NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, SB_ERROR, SB_ERROR_NO_API_KEY);
      g_assert_nonnull (strstr (error->message, "line break"));
      g_clear_error (&error);
    }

  refused = sb_dashscope_client_new ("not a url", "k", NULL, &error);
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  official = sb_dashscope_client_new (SB_DASHSCOPE_BASE_URL_INTERNATIONAL "/", "k", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sb_dashscope_client_is_official (official));
  g_assert_cmpstr (sb_dashscope_client_get_base_url (official), ==, SB_DASHSCOPE_BASE_URL_INTERNATIONAL);

  local = sb_dashscope_client_new ("http://127.0.0.1:1234/api/v1", "k", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sb_dashscope_client_is_official (local));
  g_assert_true (sb_http_check_url ("http://[::1]:80/x", NULL));
  g_assert_true (sb_http_check_url ("http://localhost/x", NULL));

  name = sb_result_download_file_name ("../../etc/passwd", 2);
  g_assert_cmpstr (name, ==, "______etc_passwd-2");
}

#define ADD(path, func, ...) \
  G_STMT_START { \
    static const Setup setup = { __VA_ARGS__ }; \
    g_test_add (path, Fixture, &setup, fixture_set_up, func, fixture_tear_down); \
  } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/client/generate", test_generate, NULL);
  ADD ("/client/throttled-create", test_throttled_create, "throttle-create=2");
  ADD ("/client/server-error-create", test_server_error_create, "server-error-create");
  ADD ("/client/dropped-create", test_dropped_create, "drop-create");
  ADD ("/client/poll-faults", test_poll_faults, "server-error-poll=2,throttle-poll=1,malformed-poll=1,drop-poll=1");
  ADD ("/client/task-failed", test_task_failed, "fail-task");
  ADD ("/client/partial", test_partial, "partial=1");
  ADD ("/client/unknown", test_unknown, "unknown=-1");
  ADD ("/client/expired-results", test_bad_results, "expired-results=-1");
  ADD ("/client/non-image-results", test_bad_results, "non-image-results=-1");
  ADD ("/client/cancel", test_cancel, NULL, 10);
  ADD ("/client/wrong-key", test_wrong_key, NULL);
  ADD ("/client/workspace", test_workspace, NULL, 0, "llm-test");
  ADD ("/client/bad-sketches", test_bad_sketches, NULL);
  ADD ("/client/imageedit", test_imageedit, NULL, 3);
  ADD ("/client/cancellable", test_cancellable, NULL, 10);
  ADD ("/client/download-cap", test_download_cap, NULL);
  g_test_add_func ("/client/urls", test_urls);
  ADD ("/client/download-bombs", test_download_bombs, NULL);
  ADD ("/client/download-redirect-refused", test_download_redirect_refused, NULL);
  g_test_add_func ("/client/hostile-answers", test_hostile_answers);
  ADD ("/client/download-redirect-loop", test_download_redirect_loop, NULL);
  ADD ("/client/download-cap-undeclared", test_download_cap_undeclared, NULL);
  g_test_add_func ("/client/create-overlong-answer", test_create_overlong_answer);
  ADD ("/client/wait-past-lifetime", test_wait_past_lifetime, NULL, 30);
  g_test_add_func ("/client/answer-about-another-task", test_answer_about_another_task);
  g_test_add_func ("/client/create-retried-when-refused", test_create_retried_when_refused);

  return g_test_run ();
}
