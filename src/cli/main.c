/* main.c: sketchbloom-cli, Sketchbloom from the command line
 *
 *   sketchbloom-cli generate (--sketch FILE | --sketch-url URL) --prompt TEXT [options]
 *   sketchbloom-cli submit   (same inputs as generate)   prints the task id alone
 *   sketchbloom-cli wait TASK_ID [-o DIR]                 waits and downloads
 *   sketchbloom-cli status TASK_ID [--json]
 *   sketchbloom-cli cancel TASK_ID
 *
 * stdout carries results only (saved paths, task ids, status); progress and
 * errors go to stderr. Exit 0 when it worked (for generate and wait: at least
 * one image saved), 1 for service or task errors, 2 for bad input refused
 * before any request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "sb-dashscope-client.h"
#include "sb-enums.h"
#include "sb-environment.h"
#include "sb-error.h"
#include "sb-history.h"
#include "sb-job-queue.h"
#include "sb-params.h"
#include "sb-poll-schedule.h"
#include "sb-secrets.h"
#include "sb-style.h"
#include "sb-uploader.h"

#define EXIT_SERVICE 1
#define EXIT_USAGE 2

typedef struct {
  GMainLoop         *loop;
  GCancellable      *cancellable;
  GSettings         *settings;
  SbDashscopeClient *client;
  SbPollSchedule    *schedule;
  SbParams          *params;
  SbTask            *task;
  GFile             *output_dir;
  GFile             *sketch_file;
  GBytes            *sketch_png;
  SbHistory         *history;
  SbJobQueue        *queue;
  GPtrArray         *jobs;        /* being followed: generate, submit, resume */
  SbUploadOptions    upload;
  char              *command;
  char              *sketch_url;
  char              *task_id;
  gint64             started;
  guint              downloads;
  guint              saved;
  int                status;
  guint              copies;
  gboolean           json;
  gboolean           progress;
  gboolean           interrupted;   /* by SIGINT or SIGTERM: the status is set */
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_object (&cli->task);
  g_clear_object (&cli->params);
  g_clear_object (&cli->client);
  g_clear_object (&cli->schedule);
  g_clear_object (&cli->output_dir);
  g_clear_object (&cli->sketch_file);
  g_clear_pointer (&cli->sketch_png, g_bytes_unref);
  g_clear_pointer (&cli->jobs, g_ptr_array_unref);
  g_clear_object (&cli->queue);
  g_clear_object (&cli->history);
  g_clear_object (&cli->cancellable);
  g_clear_object (&cli->settings);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
  g_clear_pointer (&cli->command, g_free);
  g_clear_pointer (&cli->sketch_url, g_free);
  g_clear_pointer (&cli->task_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

static gboolean
quit_when_saved (gpointer user_data)
{
  Cli *cli = user_data;

  /* The history's last word reaches the disk before the process ends. */
  if (cli->history != NULL && sb_history_get_busy (cli->history))
    return G_SOURCE_CONTINUE;

  g_main_loop_quit (cli->loop);
  return G_SOURCE_REMOVE;
}

static void
finish (Cli *cli,
        int  status)
{
  if (cli->interrupted)   /* already on the way out, with 130 or 143 */
    return;
  cli->status = status;
  g_timeout_add (10, quit_when_saved, cli);
}

static void
print_error (const GError *error)
{
  g_autofree char *details = sb_error_format_details (error);

  g_printerr ("sketchbloom-cli: error: %s\n", details);
}

static void
fail (Cli          *cli,
      const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("sketchbloom-cli: %s\n", _("cancelled"));
      finish (cli, 130);
      return;
    }

  print_error (error);
  finish (cli, g_error_matches (error, SB_ERROR, SB_ERROR_INVALID_INPUT) ||
               g_error_matches (error, SB_ERROR, SB_ERROR_NO_API_KEY) ||
               g_error_matches (error, SB_ERROR, SB_ERROR_INSECURE_URL) ? EXIT_USAGE : EXIT_SERVICE);
}

static void
on_status_changed (SbTask     *task,
                   GParamSpec *pspec,
                   Cli        *cli)
{
  if (cli->progress)
    g_printerr (_("Task %s: %s after %.0f s\n"), sb_task_get_id (task),
                sb_task_status_to_string (sb_task_get_status (task)),
                (g_get_real_time () - cli->started) / (double) G_USEC_PER_SEC);
}

static void
downloads_done (Cli *cli)
{
  if (cli->saved > 0)
    finish (cli, EXIT_SUCCESS);
  else
    {
      g_printerr ("sketchbloom-cli: error: %s\n", _("no image could be saved"));
      finish (cli, EXIT_SERVICE);
    }
}

static void
on_downloaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sb_dashscope_client_download_finish (SB_DASHSCOPE_CLIENT (source), result, &error);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      g_print ("%s\n", path);
      cli->saved++;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      fail (cli, error);
      return;
    }
  else
    {
      print_error (error);
    }

  if (--cli->downloads == 0)
    downloads_done (cli);
}

/* A final task: save every image at once, report every failed one. */
static void
handle_final (Cli *cli)
{
  g_autoptr(GError) error = sb_task_to_error (cli->task);
  GPtrArray *results = sb_task_get_results (cli->task);

  if (error != NULL)
    {
      fail (cli, error);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);
      g_autofree char *basename = NULL;

      if (result->url == NULL)
        {
          g_printerr (_("image %u failed: %s: %s\n"), i + 1, result->code,
                      result->message != NULL ? result->message : "");
          continue;
        }

      basename = sb_dashscope_safe_file_name (sb_task_get_id (cli->task), i + 1);
      cli->downloads++;
      sb_dashscope_client_download_async (cli->client, result->url, cli->output_dir, basename, NULL,
                                          cli->cancellable, on_downloaded, cli);
    }

  if (cli->downloads == 0)
    downloads_done (cli);
}

static void
on_waited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_dashscope_client_wait_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error))
    {
      fail (cli, error);
      return;
    }

  sb_environment_save_schedule (cli->settings, cli->schedule);
  handle_final (cli);
}

static void
start_waiting (Cli *cli)
{
  g_signal_connect (cli->task, "notify::status", G_CALLBACK (on_status_changed), cli);
  sb_dashscope_client_wait_task_async (cli->client, cli->task, cli->started, cli->schedule,
                                       cli->cancellable, on_waited, cli);
}

static void
print_status (Cli *cli)
{
  GPtrArray *results = sb_task_get_results (cli->task);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      int total, succeeded, failed;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, sb_task_get_id (cli->task));
      json_builder_set_member_name (builder, "task_status");
      json_builder_add_string_value (builder, sb_task_status_to_string (sb_task_get_status (cli->task)));
      json_builder_set_member_name (builder, "request_id");
      json_builder_add_string_value (builder, sb_task_get_request_id (cli->task));
      if (sb_task_get_code (cli->task) != NULL)
        {
          json_builder_set_member_name (builder, "code");
          json_builder_add_string_value (builder, sb_task_get_code (cli->task));
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, sb_task_get_message (cli->task));
        }
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < results->len; i++)
        {
          SbTaskResult *r = g_ptr_array_index (results, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, r->url != NULL ? "url" : "code");
          json_builder_add_string_value (builder, r->url != NULL ? r->url : r->code);
          if (r->url == NULL)
            {
              json_builder_set_member_name (builder, "message");
              json_builder_add_string_value (builder, r->message);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (sb_task_get_metrics (cli->task, &total, &succeeded, &failed))
        {
          json_builder_set_member_name (builder, "task_metrics");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "TOTAL");
          json_builder_add_int_value (builder, total);
          json_builder_set_member_name (builder, "SUCCEEDED");
          json_builder_add_int_value (builder, succeeded);
          json_builder_set_member_name (builder, "FAILED");
          json_builder_add_int_value (builder, failed);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return;
    }

  g_print ("%s %s\n", sb_task_get_id (cli->task), sb_task_status_to_string (sb_task_get_status (cli->task)));
  if (sb_task_get_code (cli->task) != NULL)
    g_print ("%s: %s\n", sb_task_get_code (cli->task), sb_task_get_message (cli->task));
  for (guint i = 0; i < results->len; i++)
    {
      SbTaskResult *r = g_ptr_array_index (results, i);

      if (r->url != NULL)
        g_print ("%u %s\n", i + 1, r->url);
      else
        g_print ("%u %s: %s\n", i + 1, r->code, r->message != NULL ? r->message : "");
    }
}

static void
on_queried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  cli->task = sb_dashscope_client_query_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error);
  if (cli->task == NULL)
    {
      fail (cli, error);
      return;
    }

  if (g_str_equal (cli->command, "status"))
    {
      print_status (cli);
      /* DashScope does not know it (never made, or older than 24 hours):
       * say so, as wait does, and not with success. */
      if (sb_task_get_status (cli->task) == SB_TASK_STATUS_UNKNOWN)
        {
          g_autoptr(GError) unknown = sb_task_to_error (cli->task);

          fail (cli, unknown);
        }
      else
        finish (cli, EXIT_SUCCESS);
    }
  else if (sb_task_status_is_final (sb_task_get_status (cli->task)))
    handle_final (cli);
  else
    start_waiting (cli);
}

static void
on_cancelled_task (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_dashscope_client_cancel_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error))
    {
      fail (cli, error);
      return;
    }

  g_print (_("%s cancelled\n"), cli->task_id);
  finish (cli, EXIT_SUCCESS);
}

/* generate, submit and resume follow jobs through the queue and the history. */

/* Every image the service did not make, and every one it made that could not
 * be saved (the history keeps those for resume): never silent, exit 1. */
static void
report_failed_images (Cli   *cli,
                      SbJob *job)
{
  SbTask *task = sb_job_get_task (job);
  GPtrArray *results = task != NULL ? sb_task_get_results (task) : NULL;
  GPtrArray *failures = sb_job_get_download_failures (job);

  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      SbTaskResult *result = g_ptr_array_index (results, i);

      if (result->url == NULL)
        g_printerr (_("image %u failed: %s: %s\n"), i + 1, result->code,
                    result->message != NULL ? result->message : "");
    }
  for (guint i = 0; i < failures->len; i++)
    {
      SbDownloadFailure *failure = g_ptr_array_index (failures, i);

      g_printerr (_("image %u was made but not saved: %s\n"), failure->index, failure->error->message);
      cli->status = EXIT_SERVICE;
    }
  if (failures->len > 0)
    g_printerr ("sketchbloom-cli: %s\n", _("run “sketchbloom-cli resume” to fetch the rest while DashScope keeps them (24 hours)"));
}

/* An entry could not be written (a full disk): the old one is still whole,
 * but the run did not go as it should. */
static void
on_save_failed (SbHistory    *history,
                const GError *error,
                Cli          *cli)
{
  print_error (error);
  if (!cli->interrupted)
    cli->status = EXIT_SERVICE;
}

static void
jobs_done (Cli *cli)
{
  if (cli->copies > 0)
    return;

  for (guint i = 0; i < cli->jobs->len; i++)
    if (!sb_job_state_is_final (sb_job_get_state (g_ptr_array_index (cli->jobs, i))))
      return;

  finish (cli, cli->saved > 0 || cli->status == EXIT_SUCCESS ? cli->status : EXIT_SERVICE);
}

static void
on_copied (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  GFile *destination = g_object_get_data (G_OBJECT (source), "sb-destination");

  if (g_file_copy_finish (G_FILE (source), result, &error))
    {
      g_autofree char *path = g_file_get_path (destination);

      g_print ("%s\n", path);
      cli->saved++;
    }
  else
    print_error (error);

  cli->copies--;
  jobs_done (cli);
}

/* The images are in the history; a copy goes where the user asked. */
static void
deliver (Cli   *cli,
         SbJob *job)
{
  GPtrArray *files = sb_job_get_files (job);

  g_file_make_directory_with_parents (cli->output_dir, NULL, NULL);
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GFile) destination = g_file_get_child (cli->output_dir, name);

      cli->copies++;
      g_object_set_data_full (G_OBJECT (file), "sb-destination", g_object_ref (destination), g_object_unref);
      g_file_copy_async (file, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, cli->cancellable,
                         NULL, NULL, on_copied, cli);
    }
}

static void
on_job_state (SbJob      *job,
              GParamSpec *pspec,
              Cli        *cli)
{
  SbJobState state = sb_job_get_state (job);
  const GError *error = sb_job_get_error (job);

  if (cli->progress)
    {
      g_autoptr(GEnumClass) states = g_type_class_ref (SB_TYPE_JOB_STATE);

      g_printerr (_("Task %s: %s after %.0f s\n"),
                  sb_job_get_task (job) != NULL ? sb_task_get_id (sb_job_get_task (job)) : "-",
                  g_enum_get_value (states, state)->value_nick,
                  (g_get_real_time () - cli->started) / (double) G_USEC_PER_SEC);
    }

  /* submit: done once the task exists (and the history knows its id). */
  if (g_str_equal (cli->command, "submit") && sb_job_get_task (job) != NULL && state == SB_JOB_PENDING)
    {
      g_print ("%s\n", sb_task_get_id (sb_job_get_task (job)));
      finish (cli, EXIT_SUCCESS);
      return;
    }

  if (!sb_job_state_is_final (state))
    return;

  sb_environment_save_schedule (cli->settings, cli->schedule);
  report_failed_images (cli, job);

  if (state == SB_JOB_DONE)
    deliver (cli, job);
  else if (sb_job_get_task (job) != NULL && sb_task_get_status (sb_job_get_task (job)) == SB_TASK_STATUS_SUCCEEDED)
    {
      /* Made but not fetched (expired, not an image): nothing saved. */
      print_error (error);
      g_printerr ("sketchbloom-cli: error: %s\n", _("no image could be saved"));
      cli->status = EXIT_SERVICE;
    }
  else if (error != NULL && g_str_equal (cli->command, "resume") &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* resume carries on with the others; all failures are reported. */
      print_error (error);
      cli->status = EXIT_SERVICE;
    }
  else if (error != NULL)
    {
      fail (cli, error);
      return;
    }

  jobs_done (cli);
}

static void
follow_job (Cli   *cli,
            SbJob *job)
{
  g_ptr_array_add (cli->jobs, g_object_ref (job));
  g_signal_connect (job, "notify::state", G_CALLBACK (on_job_state), cli);
}

static void
ensure_queue (Cli *cli)
{
  if (cli->queue == NULL)
    cli->queue = sb_job_queue_new (cli->client, cli->schedule, cli->output_dir);
}

static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbHistoryEntry) entry = sb_history_record_finish (SB_HISTORY (source), result, &error);
  SbJob *job = g_ptr_array_index (cli->jobs, 0);

  /* Not recorded, not sent: a paid task must not be forgotten. */
  if (entry == NULL)
    {
      fail (cli, error);
      return;
    }

  ensure_queue (cli);
  sb_job_queue_add (cli->queue, job);
}

/* Recorded in the app's history before the create goes out, so the gallery
 * shows it and `resume` can finish it. */
static void
create_task (Cli *cli)
{
  g_autoptr(SbJob) job = sb_job_new (cli->params, cli->sketch_url);
  g_autofree char *method = cli->sketch_file == NULL ? g_strdup ("url")
                          : cli->upload.method != NULL ? g_strdup (cli->upload.method)
                          : cli->settings != NULL ? g_settings_get_string (cli->settings, "upload-method")
                          : g_strdup ("dashscope");

  follow_job (cli, job);
  sb_history_record_async (cli->history, job, cli->sketch_png, method, cli->cancellable, on_recorded, cli);
}

static void
on_history_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  guint resumed;

  if (!sb_history_load_finish (cli->history, result, &error))
    {
      fail (cli, error);
      return;
    }

  ensure_queue (cli);
  resumed = sb_history_resume (cli->history, cli->queue);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cli->queue)); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (G_LIST_MODEL (cli->queue), i);

      follow_job (cli, job);
    }

  if (resumed == 0)
    {
      g_printerr ("sketchbloom-cli: %s\n", _("nothing to resume"));
      finish (cli, EXIT_SUCCESS);
    }
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  cli->sketch_url = sb_uploader_upload_finish (SB_UPLOADER (source), result, &error);
  if (cli->sketch_url == NULL)
    {
      fail (cli, error);
      return;
    }

  if (cli->progress)
    g_printerr (_("Sketch uploaded: %s\n"), cli->sketch_url);
  create_task (cli);
}

static void
upload_with_headers (Cli                *cli,
                     GBytes             *image,
                     const char * const *headers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbUploader) uploader = NULL;
  SbUploadOptions options = cli->upload;

  /* Kept for the history: the sketch exactly as it is sent. */
  g_clear_pointer (&cli->sketch_png, g_bytes_unref);
  cli->sketch_png = g_bytes_ref (image);

  if (options.headers == NULL)
    options.headers = headers;

  uploader = sb_environment_create_uploader (cli->settings, cli->client, &options, &error);
  if (uploader == NULL)
    {
      fail (cli, error);
      return;
    }

  sb_uploader_upload_async (uploader, image, cli->cancellable, on_uploaded, cli);
}

typedef struct {
  Cli    *cli;
  GBytes *image;
} Pending;

static void
on_upload_headers (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) headers = sb_secrets_lookup_upload_headers_finish (result, &error);

  /* No keyring (a server, a container): no stored headers. */
  if (headers == NULL)
    g_debug ("No upload headers from the keyring: %s", error->message);

  upload_with_headers (pending->cli, pending->image, (const char * const *) headers);
  g_bytes_unref (pending->image);
  g_free (pending);
}

static void
on_sketch_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *method = NULL;
  Pending *pending;
  char *contents;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_printerr ("sketchbloom-cli: %s\n", error->message);
      finish (cli, EXIT_USAGE);
      return;
    }

  pending = g_new0 (Pending, 1);
  pending->cli = cli;
  pending->image = g_bytes_new_take (contents, length);

  /* Headers on the command line win; else, for PUT and form, the keyring's. */
  method = cli->upload.method != NULL ? g_strdup (cli->upload.method)
         : cli->settings != NULL ? g_settings_get_string (cli->settings, "upload-method")
         : g_strdup ("dashscope");
  if (cli->upload.headers == NULL && !g_str_equal (method, "dashscope"))
    {
      sb_secrets_lookup_upload_headers_async (cli->cancellable, on_upload_headers, pending);
      return;
    }

  upload_with_headers (cli, pending->image, NULL);
  g_bytes_unref (pending->image);
  g_free (pending);
}

static void
on_api_key (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_key = sb_secrets_lookup_api_key_finish (result, &error);

  if (api_key == NULL)
    {
      fail (cli, error);
      return;
    }

  cli->client = sb_environment_create_client (cli->settings, api_key, &error);
  if (cli->client == NULL)
    {
      fail (cli, error);
      return;
    }

  if (g_str_equal (cli->command, "resume"))
    sb_history_load_async (cli->history, cli->cancellable, on_history_loaded, cli);
  else if ((g_str_equal (cli->command, "generate") || g_str_equal (cli->command, "submit")) && cli->sketch_file != NULL)
    g_file_load_contents_async (cli->sketch_file, cli->cancellable, on_sketch_loaded, cli);
  else if (g_str_equal (cli->command, "generate") || g_str_equal (cli->command, "submit"))
    create_task (cli);
  else if (g_str_equal (cli->command, "cancel"))
    sb_dashscope_client_cancel_task_async (cli->client, cli->task_id, cli->cancellable,
                                           on_cancelled_task, cli);
  else
    sb_dashscope_client_query_task_async (cli->client, cli->task_id, cli->cancellable,
                                          on_queried, cli);
}

/* SIGINT or SIGTERM: stop at once, but leave every task as the history
 * says it stands (not cancelled at DashScope), so `resume` picks it up.
 * Writes are atomic: whatever was half-done leaves no half file. A second
 * signal does not wait for the history's last write. */
static void
interrupt (Cli *cli,
           int  status)
{
  if (cli->interrupted)
    exit (status);

  g_cancellable_cancel (cli->cancellable);
  finish (cli, status);
  cli->interrupted = TRUE;
  if (cli->jobs->len > 0)
    g_printerr ("sketchbloom-cli: %s\n",
                _("interrupted; “sketchbloom-cli resume” finishes what was started, within 24 hours"));
}

static gboolean
on_sigint (gpointer user_data)
{
  interrupt (user_data, 128 + SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  interrupt (user_data, 128 + SIGTERM);
  return G_SOURCE_CONTINUE;
}

static int
usage_error (const char *message)
{
  g_printerr ("sketchbloom-cli: %s\n", message);
  return EXIT_USAGE;
}

/* Where pictures will go must take them, before anything is paid for. */
static gboolean
check_output_dir (GFile   *directory,
                  GError **error)
{
  g_autofree char *path = g_file_get_path (directory);

  if (path == NULL || (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_DIR)))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("-o %s is not a folder"),
                   path != NULL ? path : g_file_peek_path (directory));
      return FALSE;
    }
  if (g_mkdir_with_parents (path, 0755) != 0 || g_access (path, W_OK) != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("-o %s is not a folder that can be written: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A sketch is a regular file of at most SB_SKETCH_MAX_BYTES: /dev/zero
 * would be read for ever, and a FIFO would block before any question. */
static gboolean
check_sketch_file (GFile   *file,
                   GError **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, error);

  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("%s is not a regular file"), g_file_peek_path (file));
      return FALSE;
    }
  return sb_uploader_check_size (g_file_info_get_size (info), error);
}

/* Reads generate/submit options into cli->params; FALSE after printing why. */
static gboolean
parse_generation (Cli         *cli,
                  const char  *sketch_file,
                  const char  *sketch_url,
                  const char  *prompt,
                  const char  *style,
                  int          count,
                  int          weight,
                  gboolean     extract,
                  char       **colors)
{
  g_autoptr(GError) error = NULL;
  SbStyle parsed_style = SB_STYLE_AUTO;

  if (sketch_file != NULL && sketch_url != NULL)
    {
      g_printerr ("sketchbloom-cli: %s\n", _("give either --sketch or --sketch-url, not both"));
      return FALSE;
    }
  if (sketch_file != NULL)
    {
      cli->sketch_file = g_file_new_for_commandline_arg (sketch_file);
      if (!check_sketch_file (cli->sketch_file, &error))
        {
          g_printerr ("sketchbloom-cli: %s\n", error->message);
          return FALSE;
        }
    }
  else if (sketch_url == NULL)
    {
      g_printerr ("sketchbloom-cli: %s\n", _("a sketch is needed: --sketch FILE or --sketch-url URL"));
      return FALSE;
    }
  /* oss:// is DashScope's own temporary storage; anything else must be https. */
  else if (!g_str_has_prefix (sketch_url, "oss://") && !sb_dashscope_check_url (sketch_url, &error))
    {
      g_printerr ("sketchbloom-cli: %s\n", error->message);
      return FALSE;
    }
  else
    cli->sketch_url = g_strdup (sketch_url);

  if (prompt == NULL)
    {
      g_printerr ("sketchbloom-cli: %s\n", _("a prompt is needed: --prompt TEXT"));
      return FALSE;
    }
  if (style != NULL && !sb_style_from_nick (style, &parsed_style))
    {
      g_printerr (_("sketchbloom-cli: unknown style “%s”; see --help for the styles\n"), style);
      return FALSE;
    }

  cli->params = sb_params_new ();
  sb_params_set_prompt (cli->params, prompt);
  sb_params_set_style (cli->params, parsed_style);
  sb_params_set_count (cli->params, count);
  sb_params_set_sketch_weight (cli->params, weight);
  sb_params_set_sketch_extraction (cli->params, extract);
  for (guint i = 0; colors != NULL && colors[i] != NULL; i++)
    {
      SbColor color;

      if (!sb_color_parse (colors[i], &color))
        {
          g_printerr (_("sketchbloom-cli: “%s” is not a colour: give it as R,G,B\n"), colors[i]);
          return FALSE;
        }
      sb_params_add_color (cli->params, color.red, color.green, color.blue);
    }

  if (!sb_params_validate (cli->params, &error))
    {
      g_printerr ("sketchbloom-cli: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
styles_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append (text, "\n  generate  ");
  g_string_append (text, _("make pictures from a sketch, wait, and save them"));
  g_string_append (text, "\n  submit    ");
  g_string_append (text, _("create the task and print its id"));
  g_string_append (text, "\n  wait      ");
  g_string_append (text, _("wait for a task and save its pictures"));
  g_string_append (text, "\n  status    ");
  g_string_append (text, _("show a task’s state and results"));
  g_string_append (text, "\n  cancel    ");
  g_string_append (text, _("cancel a task that has not started"));
  g_string_append (text, "\n  resume    ");
  g_string_append (text, _("finish what an interrupted run left (from the history)"));
  g_string_append_printf (text, "\n\n%s\n", _("Styles:"));
  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    g_string_append_printf (text, "  %-20s %s\n", sb_style_to_nick (style), sb_style_get_label (style));
  g_string_append_printf (text, "\n%s\n", _("Environment: DASHSCOPE_API_KEY, DASHSCOPE_HTTP_BASE_URL, DASHSCOPE_WORKSPACE"));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *sketch_file = NULL, *sketch_url = NULL, *prompt = NULL, *style = NULL;
  g_autofree char *output_dir = NULL;
  g_auto(GStrv) colors = NULL;
  g_auto(GStrv) upload_headers = NULL;
  g_autofree char *upload = NULL, *upload_url = NULL, *public_url = NULL, *form_field = NULL, *url_path = NULL;
  const char *localedir = g_getenv ("SKETCHBLOOM_LOCALEDIR");
  gboolean version = FALSE, extract = FALSE, json = FALSE;
  int count = 4, weight = 10;
  g_auto(Cli) cli = { 0 };
  const GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and quit"), NULL },
    { "sketch", 0, 0, G_OPTION_ARG_FILENAME, &sketch_file, N_("The sketch, a local image file"), N_("FILE") },
    { "sketch-url", 0, 0, G_OPTION_ARG_STRING, &sketch_url, N_("The sketch, already online"), N_("URL") },
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &prompt, N_("What the picture shows, at most 75 characters"), N_("TEXT") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style, N_("One of the styles below (default: auto)"), N_("STYLE") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many pictures, 1 to 4 (default: 4)"), N_("N") },
    { "weight", 0, 0, G_OPTION_ARG_INT, &weight, N_("How closely to follow the sketch, 0 to 10 (default: 10)"), N_("W") },
    { "extract", 0, 0, G_OPTION_ARG_NONE, &extract, N_("The sketch is a colour picture: extract its edges first"), NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING_ARRAY, &colors, N_("A pen colour of the sketch (repeatable)"), N_("R,G,B") },
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, N_("Where to save the pictures (default: here)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("status: print JSON"), NULL },
    { "upload", 0, 0, G_OPTION_ARG_STRING, &upload, N_("How --sketch goes online: dashscope, put or form (default: the app’s setting)"), N_("METHOD") },
    { "upload-url", 0, 0, G_OPTION_ARG_STRING, &upload_url, N_("The PUT address prefix, or the form endpoint"), N_("URL") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, N_("PUT: where the service reads the sketch (default: the upload URL)"), N_("URL") },
    { "upload-header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &upload_headers, N_("An extra upload header (repeatable)"), N_("'NAME: VALUE'") },
    { "form-field", 0, 0, G_OPTION_ARG_STRING, &form_field, N_("Form: the file field (default: file)"), N_("NAME") },
    { "url-path", 0, 0, G_OPTION_ARG_STRING, &url_path, N_("Form: where the URL is in a JSON answer, e.g. data.url"), N_("PATH") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [TASK_ID]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Turn sketches into finished pictures with DashScope’s wanx-sketch-to-image-lite."));
  description = styles_description ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (version)
    {
      g_print ("sketchbloom-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc < 2)
    {
      g_printerr (_("sketchbloom-cli: no command given; see --help\n"));
      return EXIT_USAGE;
    }

  cli.command = g_strdup (argv[1]);
  if (g_str_equal (cli.command, "generate") || g_str_equal (cli.command, "submit"))
    {
      if (argc > 2)
        return usage_error (_("generate and submit take no arguments besides options"));
      if (!parse_generation (&cli, sketch_file, sketch_url, prompt, style, count, weight, extract, colors))
        return EXIT_USAGE;
    }
  else if (g_str_equal (cli.command, "resume"))
    {
      if (argc > 2)
        return usage_error (_("resume takes no arguments besides options"));
    }
  else if (g_str_equal (cli.command, "wait") || g_str_equal (cli.command, "status") ||
           g_str_equal (cli.command, "cancel"))
    {
      if (argc != 3 || *argv[2] == '\0')
        return usage_error (_("a task id is needed"));
      cli.task_id = g_strdup (argv[2]);
    }
  else
    {
      g_printerr (_("sketchbloom-cli: unknown command “%s”; see --help\n"), cli.command);
      return EXIT_USAGE;
    }

  cli.json = json;
  cli.upload.method = upload;
  cli.upload.upload_url = upload_url;
  cli.upload.public_url = public_url;
  cli.upload.form_field = form_field;
  cli.upload.url_path = url_path;
  cli.upload.headers = (const char * const *) upload_headers;
  if (upload != NULL && !g_strv_contains ((const char *[]) { "dashscope", "put", "form", NULL }, upload))
    return usage_error (_("--upload takes dashscope, put or form"));
  if (!sb_uploader_check_headers (cli.upload.headers, &error))
    return usage_error (error->message);
  cli.progress = isatty (STDERR_FILENO);
  cli.output_dir = g_file_new_for_commandline_arg (output_dir != NULL ? output_dir : ".");
  if (g_strv_contains ((const char *[]) { "generate", "wait", "resume", NULL }, cli.command) &&
      !check_output_dir (cli.output_dir, &error))
    return usage_error (error->message);
  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  cli.settings = sb_environment_get_settings ();
  cli.schedule = sb_poll_schedule_new ();
  cli.jobs = g_ptr_array_new_with_free_func (g_object_unref);
  {
    g_autoptr(GFile) history = g_file_new_build_filename (g_get_user_data_dir (), "sketchbloom", "history", NULL);

    /* The app's own history: what the CLI makes shows in the gallery too. */
    cli.history = sb_history_new (history);
    g_signal_connect (cli.history, "save-failed", G_CALLBACK (on_save_failed), &cli);
  }
  cli.started = g_get_real_time ();
  sb_environment_load_schedule (cli.settings, cli.schedule);

  g_unix_signal_add (SIGINT, on_sigint, &cli);
  g_unix_signal_add (SIGTERM, on_sigterm, &cli);

  sb_secrets_lookup_api_key_async (cli.cancellable, on_api_key, &cli);
  g_main_loop_run (cli.loop);

  /* The learned durations reach disk before we exit. */
  if (cli.settings != NULL)
    g_settings_sync ();

  return cli.status;
}
