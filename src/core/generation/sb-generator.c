/* sb-generator.c: runs generations, from a sketch to saved pictures
 *
 * The one path every generation takes, whether from the window or from
 * sketchbloom-cli, read from top to bottom:
 *
 *   submit → credentials (key, upload headers; re-read every time, so a new
 *   key, region or upload method counts at once) → upload the sketch →
 *   record it in the history (on disk *before* the service is asked) →
 *   queue (create, poll, within the service's limits) → download into the
 *   history entry → copy to the export folder.
 *
 * No network at upload or create: the generation is kept and sent again when
 * GNetworkMonitor says the network is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-generator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sb-error.h"
#include "sb-generator.h"
#include "sb-bounded-file.h"
#include "sb-image-probe.h"
#include "sb-mask.h"
#include "sb-secrets.h"
#include "sb-usage-ledger.h"
#include "sb-worker.h"

struct _SbGenerator
{
  GObject          parent_instance;

  GSettings       *settings;        /* NULL: the defaults (an uninstalled CLI) */
  GFile           *data_directory;
  SbUploadOptions  overrides;       /* the CLI's, owned copies */
  SbHistory       *history;
  SbUsageLedger   *ledger;          /* what DashScope billed */
  SbPollSchedule  *schedule;
  SbJobQueue      *queue;           /* made with the first client */
  GListStore      *active;          /* jobs not yet final */
  GPtrArray       *offline;         /* of Generation: sent when the network is back */
  guint            n_uploading;
  gboolean         load_started;    /* once is enough, for every window */
  GCancellable    *cancellable;     /* the generator's own work */
};

G_DEFINE_FINAL_TYPE (SbGenerator, sb_generator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_ACTIVE_JOBS,
  PROP_N_OFFLINE,
  PROP_N_UPLOADING,
  N_PROPS
};

enum {
  JOB_FINISHED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One generation on its way: what the artist asked for. */
typedef struct {
  SbParams       *params;
  GBytes         *png;       /* NULL when the sketch is already online */
  char           *url;
  SbSweepKind     sweep;
  SbUploadMethod  method;
  GFile          *parent;    /* the picture an edit (enlarging, repainting…) is of, or NULL */
  GPtrArray      *entries;   /* in the history, one per variant; NULL before */
} Generation;

static void
generation_free (Generation *generation)
{
  g_clear_object (&generation->params);
  g_clear_pointer (&generation->png, g_bytes_unref);
  g_clear_pointer (&generation->entries, g_ptr_array_unref);
  g_clear_object (&generation->parent);
  g_free (generation->url);
  g_free (generation);
}

static Generation *
generation_new (SbParams       *params,
                GBytes         *png,
                const char     *url,
                SbSweepKind     sweep,
                SbUploadMethod  method)
{
  Generation *generation = g_new0 (Generation, 1);

  generation->params = sb_params_copy (params);
  generation->png = png != NULL ? g_bytes_ref (png) : NULL;
  generation->url = g_strdup (url);
  generation->sweep = sweep;
  generation->method = method;
  return generation;
}

/* Credentials: the key (as a client for the configured service) and the
 * upload headers, from one call. The key itself is forgotten at once. */

typedef struct {
  SbDashscopeClient *client;       /* NULL without a key */
  GError            *key_error;
  char             **headers;
} Credentials;

static void
credentials_free (Credentials *credentials)
{
  g_clear_object (&credentials->client);
  g_clear_error (&credentials->key_error);
  g_strfreev (credentials->headers);
  g_free (credentials);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Credentials, credentials_free)

SbUploadMethod
sb_generator_get_upload_method (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), SB_UPLOAD_METHOD_DASHSCOPE);

  return sb_setup_get_upload_method (self->settings, &self->overrides);
}

/* The credentials are the task's data until they are returned. */
static void
return_credentials (GTask *task)
{
  g_task_return_pointer (task, g_task_get_task_data (task), (GDestroyNotify) credentials_free);
}

static void
on_headers (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Credentials *credentials = g_task_get_task_data (task);

  /* No keyring (a server, a container): no stored headers. */
  credentials->headers = sb_secrets_lookup_upload_headers_finish (result, &error);
  if (credentials->headers == NULL && error != NULL)
    g_debug ("No upload headers from the keyring: %s", error->message);
  return_credentials (task);
}

static void
on_key (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Credentials *credentials = g_task_get_task_data (task);
  char *api_key = sb_secrets_lookup_api_key_finish (result, &credentials->key_error);

  if (api_key != NULL)
    {
      credentials->client = sb_setup_create_client (self->settings, api_key, &credentials->key_error);
      memset (api_key, 0, strlen (api_key));
      g_free (api_key);
    }

  /* Headers on the command line win; else, for PUT and form, the keyring's. */
  if (self->overrides.headers == NULL && sb_upload_method_needs_headers (sb_generator_get_upload_method (self)))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      sb_secrets_lookup_upload_headers_async (cancellable, on_headers, g_steal_pointer (&task));
      return;
    }
  return_credentials (task);
}

static void
lookup_credentials_async (SbGenerator         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, g_new0 (Credentials, 1), NULL);
  sb_secrets_lookup_api_key_async (cancellable, on_key, task);
}

/* Returns: (transfer full): the credentials, with or without a client */
static Credentials *
lookup_credentials_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The queue runs every job with the latest client: a new key or region
 * takes effect with the next request. */
static gboolean
use_client (SbGenerator  *self,
            Credentials  *credentials,
            GError      **error)
{
  g_autoptr(GFile) images = NULL;

  if (credentials->client == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&credentials->key_error));
      return FALSE;
    }

  if (self->queue != NULL)
    {
      sb_job_queue_set_client (self->queue, credentials->client);
      return TRUE;
    }

  /* Jobs from the history download into their entry; this is for others. */
  images = g_file_get_child (self->data_directory, "images");
  self->queue = sb_job_queue_new (credentials->client, self->schedule, images);
  return TRUE;
}

static SbUploader *
create_uploader (SbGenerator  *self,
                 Credentials  *credentials,
                 GError      **error)
{
  SbUploadOptions options = self->overrides;

  if (options.headers == NULL)
    options.headers = (const char * const *) credentials->headers;
  if (sb_upload_method_needs_key (sb_generator_get_upload_method (self)) && credentials->client == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&credentials->key_error));
      return NULL;
    }

  return sb_setup_create_uploader (self->settings, credentials->client, &options, error);
}

/* The jobs under way, and what happens when each ends. */

static void
set_n_uploading (SbGenerator *self,
                 guint        n_uploading)
{
  self->n_uploading = n_uploading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UPLOADING]);
}

static void keep_for_network (SbGenerator *self,
                              Generation  *generation);

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbGenerator) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[FAILED], 0, error);
}

/* Every result also goes to the folder chosen in Preferences, if any. */
static void
export_results (SbGenerator *self,
                SbJob       *job)
{
  g_autofree char *folder = NULL;
  GPtrArray *files = sb_job_get_files (job);
  g_autoptr(GFile) directory = NULL;

  if (self->settings == NULL || !g_settings_get_boolean (self->settings, "export-results"))
    return;
  folder = g_settings_get_string (self->settings, "export-folder");
  if (*folder == '\0')
    return;

  directory = g_file_new_for_path (folder);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));
      g_autoptr(GFile) destination = g_file_get_child (directory, name);

      g_file_copy_async (g_ptr_array_index (files, i), destination, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT,
                         self->cancellable, NULL, NULL, on_exported, g_object_ref (self));
    }
}

/* A task that succeeded is billed for the pictures it made, whether or not
 * they were all saved (deleting them later changes nothing). */
static void
bill (SbGenerator *self,
      SbJob       *job)
{
  SbTask *task = sb_job_get_task (job);
  GPtrArray *results;
  guint made = 0;

  if (task == NULL || sb_task_get_status (task) != SB_TASK_STATUS_SUCCEEDED)
    return;

  /* No more than were asked for, whatever the answer lists. */
  results = sb_task_get_results (task);
  for (guint i = 0; i < MIN (results->len, (guint) sb_params_get_count (sb_job_get_params (job))); i++)
    made += ((SbTaskResult *) g_ptr_array_index (results, i))->url != NULL;
  if (made > 0)
    sb_usage_ledger_add (self->ledger, sb_task_get_id (task), sb_params_get_engine (sb_job_get_params (job))->model,
                         g_get_real_time (), made);
}

static void
on_job_state (SbJob       *job,
              GParamSpec  *pspec,
              SbGenerator *self)
{
  SbJobState state = sb_job_get_state (job);
  guint position;

  if (!sb_job_state_is_final (state))
    return;

  if (g_list_store_find (self->active, job, &position))
    g_list_store_remove (self->active, position);
  sb_setup_save_schedule (self->settings, self->schedule);
  bill (self, job);

  if (state == SB_JOB_DONE)
    export_results (self, job);
  else if (state == SB_JOB_FAILED && sb_job_get_task (job) == NULL &&
           g_error_matches (sb_job_get_error (job), SB_ERROR, SB_ERROR_NETWORK))
    {
      /* Never reached the service: one job each, so a sweep's failed
       * variant is sent again alone, into the same entry. */
      Generation *generation = generation_new (sb_job_get_params (job), NULL, sb_job_get_sketch_url (job),
                                               SB_SWEEP_NONE, SB_UPLOAD_METHOD_URL);
      SbHistoryEntry *entry = sb_job_get_directory (job) != NULL
                              ? sb_history_find_directory (self->history, sb_job_get_directory (job)) : NULL;

      if (entry != NULL)
        {
          generation->entries = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (generation->entries, g_object_ref (entry));
          sb_history_entry_restart (entry);
          sb_history_set_state (self->history, entry, SB_HISTORY_ENTRY_QUEUED, sb_job_get_error (job));
        }
      keep_for_network (self, generation);
    }

  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
}

/* After the history's own handler: the entry has its images by then. */
static void
start_job (SbGenerator *self,
           SbJob       *job,
           gboolean     add)
{
  g_list_store_append (self->active, job);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, 0);
  if (add)
    sb_job_queue_add (self->queue, job);
}

/* Submitting: record, upload, queue. */

/* Nothing was sent for these: each entry says why, and can be retried. */
static void
fail_entries (SbGenerator  *self,
              Generation   *generation,
              const GError *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint i = 0; generation->entries != NULL && i < generation->entries->len; i++)
    sb_history_set_state (self->history, g_ptr_array_index (generation->entries, i),
                          cancelled ? SB_HISTORY_ENTRY_CANCELLED : SB_HISTORY_ENTRY_FAILED, error);
}

static void
set_entries_state (SbGenerator         *self,
                   Generation          *generation,
                   SbHistoryEntryState  state,
                   const GError        *error)
{
  for (guint i = 0; i < generation->entries->len; i++)
    sb_history_set_state (self->history, g_ptr_array_index (generation->entries, i), state, error);
}

static void
return_error (GTask  *task,
              GError *error)
{
  SbGenerator *self = g_task_get_source_object (task);

  fail_entries (self, g_task_get_task_data (task), error);
  g_task_return_error (task, error);
}

/* An engine the region does not serve is refused before anything is sent
 * or uploaded: the service would refuse it after. */
static gboolean
check_region (Generation         *generation,
              SbDashscopeClient  *client,
              GError            **error)
{
  SbRegion region = sb_dashscope_client_get_region (client);

  for (guint i = 0; i < generation->entries->len; i++)
    {
      const SbEngine *engine = sb_params_get_engine (sb_history_entry_get_params (g_ptr_array_index (generation->entries, i)));
      g_autofree char *served = NULL;

      if (sb_engine_serves (engine, region))
        continue;
      served = sb_engine_describe_regions (engine);
      /* Translators: an engine, the regions that serve it, then the region chosen */
      g_set_error (error, SB_ERROR, SB_ERROR_REGION, _("%s (%s) is offered in %s only, not in the %s region"),
                   sb_engine_get_label (engine), engine->model, served, sb_region_get_label (region));
      return FALSE;
    }
  return TRUE;
}

/* Does any entry's engine fetch the sketch from an address? Those that
 * take it inline need no upload method at all. */
static gboolean
needs_upload (Generation *generation)
{
  if (generation->png == NULL)
    return FALSE;

  for (guint i = 0; i < generation->entries->len; i++)
    {
      SbParams *params = sb_history_entry_get_params (g_ptr_array_index (generation->entries, i));

      if (sb_params_get_engine (params)->travel == SB_IMAGE_BY_URL)
        return TRUE;
    }
  return FALSE;
}

/* The sketch is ready (online at @sketch_url, or here to go inline): one job
 * per entry, each following its entry. */
static void
start_jobs (GTask      *task,
            const char *sketch_url)
{
  SbGenerator *self = g_task_get_source_object (task);
  Generation *generation = g_task_get_task_data (task);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *inline_uri = NULL;
  g_autoptr(GError) refused = NULL;

  for (guint i = 0; i < generation->entries->len; i++)
    {
      SbHistoryEntry *entry = g_ptr_array_index (generation->entries, i);
      SbParams *params = sb_history_entry_get_params (entry);
      const SbEngine *engine = sb_params_get_engine (params);
      const char *url = sketch_url;
      SbJob *job;

      if (engine->travel == SB_IMAGE_INLINE && generation->png != NULL)
        {
          g_autoptr(GError) error = NULL;

          if (inline_uri == NULL)
            inline_uri = sb_engine_make_inline (engine, generation->png, sb_params_get_growth (params), &error);
          if (inline_uri == NULL)
            {
              sb_history_set_state (self->history, entry, SB_HISTORY_ENTRY_FAILED, error);
              g_clear_error (&refused);
              refused = g_steal_pointer (&error);
              continue;
            }
          url = inline_uri;
        }

      job = sb_job_new (params, url);
      g_ptr_array_add (jobs, job);
      sb_history_follow (self->history, entry, job);
      start_job (self, job, TRUE);
    }
  /* Nothing could be sent: the caller hears why (the entries say so too). */
  if (jobs->len == 0 && refused != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&refused));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Generation *generation = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = sb_uploader_upload_finish (SB_UPLOADER (source), result, &error);

  set_n_uploading (self, self->n_uploading - 1);
  if (url == NULL && g_error_matches (error, SB_ERROR, SB_ERROR_NETWORK))
    {
      /* Waits for the network in the same entries, which say so. */
      Generation *waiting = generation_new (generation->params, generation->png, NULL,
                                            generation->sweep, generation->method);

      waiting->entries = g_ptr_array_ref (generation->entries);
      set_entries_state (self, generation, SB_HISTORY_ENTRY_QUEUED, error);
      keep_for_network (self, waiting);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (url == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  start_jobs (task, url);
}

static void
on_submit_credentials (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Generation *generation = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Credentials) credentials = lookup_credentials_finish (result, &error);
  g_autoptr(SbUploader) uploader = NULL;
  GCancellable *cancellable;

  if (credentials == NULL || !use_client (self, credentials, &error) ||
      !check_region (generation, credentials->client, &error))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A sketch already online, or sent inline: nothing to upload. */
  if (!needs_upload (generation))
    {
      start_jobs (task, generation->url);
      return;
    }

  uploader = create_uploader (self, credentials, &error);
  if (uploader == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  set_n_uploading (self, self->n_uploading + 1);
  set_entries_state (self, generation, SB_HISTORY_ENTRY_UPLOADING, NULL);
  cancellable = g_task_get_cancellable (task);
  sb_uploader_upload_async (uploader, generation->png, cancellable, on_uploaded, g_steal_pointer (&task));
}

static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Generation *generation = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* A generation that could not be recorded could be lost: not sent. */
  generation->entries = sb_history_record_finish (SB_HISTORY (source), result, &error);
  if (generation->entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  lookup_credentials_async (self, cancellable, on_submit_credentials, g_steal_pointer (&task));
}

static void
submit (SbGenerator         *self,
        Generation          *generation,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_generator_submit_async);
  g_task_set_task_data (task, generation, (GDestroyNotify) generation_free);

  /* Sent again (the network is back, or Retry): its entries exist. */
  if (generation->entries != NULL)
    {
      for (guint i = 0; i < generation->entries->len; i++)
        sb_history_entry_restart (g_ptr_array_index (generation->entries, i));
      set_entries_state (self, generation, SB_HISTORY_ENTRY_QUEUED, NULL);
      lookup_credentials_async (self, cancellable, on_submit_credentials, task);
      return;
    }

  /* Recorded first: on screen at once, and on disk before anything is sent. */
  sb_history_record_edit_async (self->history, generation->params, generation->sweep, generation->png,
                                generation->url, generation->method, generation->parent,
                                cancellable, on_recorded, task);
}

/**
 * sb_generator_submit_async:
 * @sketch_png: (nullable): the sketch to upload, exactly as it is sent
 * @sketch_url: (nullable): or the address of a sketch already online
 * @sweep: one generation, or one per variant of a sweep
 *
 * Runs a generation: records it in the history (one entry per variant, on
 * top of the history at once), puts the sketch online, and finishes once
 * every job is queued. An entry that fails before its job says why. The
 * jobs then run on their own: follow them, or the
 * #SbGenerator::job-finished signal.
 */
void
sb_generator_submit_async (SbGenerator         *self,
                           SbParams            *params,
                           GBytes              *sketch_png,
                           const char          *sketch_url,
                           SbSweepKind          sweep,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  SbUploadMethod method;
  Generation *generation;

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (SB_IS_PARAMS (params));
  g_return_if_fail ((sketch_png == NULL) != (sketch_url == NULL));

  method = sketch_png != NULL ? sb_generator_get_upload_method (self) : SB_UPLOAD_METHOD_URL;
  generation = generation_new (params, sketch_png, sketch_url, sweep, method);
  /* A seed chosen here, not by the service, is known: it is recorded with
   * the generation and shown on its pictures, so one can be made again. */
  if (sb_params_get_seed (generation->params) < 0)
    sb_params_set_seed (generation->params, g_random_int_range (0, G_MAXINT));
  submit (self, generation, cancellable, callback, user_data);
}

/* Editing (enlarging, repainting, extending, colouring, changing): the
 * picture read, its mask made the service's two colours at its size, then
 * sent like any generation (recorded first, inline, queued within the
 * model's limits, saved on arrival). */

static void
on_edit_submitted (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *jobs = sb_generator_submit_finish (SB_GENERATOR (source), result, &error);

  if (jobs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jobs, (GDestroyNotify) g_ptr_array_unref);
}

/* In a worker: a mask given in any form, as the service takes it. */
static void
prepare_edit_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Generation *generation = task_data;
  GBytes *mask = sb_params_get_mask (generation->params);
  g_autoptr(GBytes) normalized = NULL;
  GError *error = NULL;
  guint width = 0, height = 0;

  if (mask != NULL)
    {
      sb_image_probe (g_bytes_get_data (generation->png, NULL), g_bytes_get_size (generation->png), &width, &height);
      normalized = sb_mask_normalize (mask, width, height, &error);
      if (normalized == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      sb_params_set_mask (generation->params, normalized);
    }
  g_task_return_boolean (task, TRUE);
}

/* The prepared generation is this callback's to send or to drop. */
static void
on_edit_prepared (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Generation *generation = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      generation_free (generation);
      g_task_return_error (task, error);
      return;
    }
  submit (self, generation, g_task_get_cancellable (task), on_edit_submitted, g_object_ref (task));
}

static void
prepare_edit (GTask  *task,
              GBytes *picture)
{
  Generation *pending = g_task_get_task_data (task);
  Generation *generation = generation_new (pending->params, picture, NULL, pending->sweep, pending->method);
  g_autoptr(GTask) prepare = g_task_new (NULL, g_task_get_cancellable (task), on_edit_prepared, g_object_ref (task));

  generation->parent = pending->parent != NULL ? g_object_ref (pending->parent) : NULL;
  /* No destroy function: on_edit_prepared always runs, and owns it. */
  g_task_set_task_data (prepare, generation, NULL);
  sb_worker_run (prepare, prepare_edit_thread);
}

static void
on_picture_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) picture = sb_bounded_file_read_finish (result, &error);

  if (picture == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  prepare_edit (task, picture);
}

/**
 * sb_generator_edit_async:
 * @params: an editing engine's (or the enlarging one's) parameters; a
 *   repaint's mask in any picture format, any two tones, the picture's size
 * @picture: (nullable): a picture of the history to edit
 * @png: (nullable): or a picture that is none (the sketch), as it is sent
 * @sweep: one edit, or one per strength (SB_SWEEP_STRENGTHS, for an engine that takes one)
 *
 * Edits a picture: the new generation is recorded as @picture's edit (the
 * gallery shows it under that picture's row; it stays when that row is
 * deleted), and finishes like any other, with sb_generator_submit_finish()'s
 * jobs. A mask is sent pure black and white: white where it is light.
 */
void
sb_generator_edit_async (SbGenerator         *self,
                         SbParams            *params,
                         GFile               *picture,
                         GBytes              *png,
                         SbSweepKind          sweep,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const SbEngine *engine;
  Generation *generation;

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (SB_IS_PARAMS (params));
  g_return_if_fail ((picture == NULL) != (png == NULL));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_generator_edit_async);
  engine = sb_params_get_engine (params);
  if (engine->kind != SB_ENGINE_EDITS && engine->kind != SB_ENGINE_ENLARGES)
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT, _("%s does not edit a picture"),
                               sb_engine_get_label (engine));
      return;
    }
  if (!sb_params_validate (params, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* An edit sweeps only what it takes: how much it changes. */
  if (sweep != SB_SWEEP_NONE && (sweep != SB_SWEEP_STRENGTHS || !sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH)))
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT, _("%s cannot be swept that way"),
                               sb_engine_get_label (engine));
      return;
    }

  generation = generation_new (params, NULL, NULL, sweep, SB_UPLOAD_METHOD_URL);
  /* A seed chosen here is known: the edit can be made again alike. */
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SEED) && sb_params_get_seed (generation->params) < 0)
    sb_params_set_seed (generation->params, g_random_int_range (0, G_MAXINT));
  /* Lineage only to a picture of this history (a file elsewhere is just sent). */
  if (picture != NULL && sb_history_holds_image (self->history, picture))
    generation->parent = g_object_ref (picture);
  g_task_set_task_data (task, generation, (GDestroyNotify) generation_free);
  if (png != NULL)
    prepare_edit (task, png);
  else
    sb_bounded_file_read_async (picture, engine->max_image_bytes, cancellable, on_picture_read,
                                g_steal_pointer (&task));
}

/**
 * sb_generator_enlarge_async:
 * @picture: a picture of a generation in the history
 * @factor: 2 to 4
 *
 * Makes @picture @factor times larger with the enlarging engine: an edit
 * (sb_generator_edit_async()) that keeps the generation's prompt and style
 * for its row and the search; what is sent is the engine's own prompt.
 */
void
sb_generator_enlarge_async (SbGenerator         *self,
                            GFile               *picture,
                            int                  factor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(SbParams) params = sb_params_new ();
  SbHistoryEntry *entry;

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (G_IS_FILE (picture));

  entry = sb_history_find_image (self->history, picture);
  if (entry != NULL)
    {
      sb_params_set_prompt (params, sb_params_get_prompt (sb_history_entry_get_params (entry)));
      sb_params_set_style (params, sb_params_get_style (sb_history_entry_get_params (entry)));
    }
  sb_params_set_engine (params, &sb_engine_enlarge);
  sb_params_set_count (params, 1);
  sb_params_set_factor (params, factor);
  sb_generator_edit_async (self, params, picture, NULL, SB_SWEEP_NONE, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type SbJob): one job per variant */
GPtrArray *
sb_generator_submit_finish (SbGenerator   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* No network: kept, and sent again when the network comes back. */

static void
keep_for_network (SbGenerator *self,
                  Generation  *generation)
{
  g_ptr_array_add (self->offline, generation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OFFLINE]);
}

static void
on_resent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SbGenerator *self = SB_GENERATOR (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = sb_generator_submit_finish (self, result, &error);

  if (jobs == NULL && !g_error_matches (error, SB_ERROR, SB_ERROR_NETWORK))
    g_signal_emit (self, signals[FAILED], 0, error);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    SbGenerator     *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (!available || self->offline->len == 0)
    return;

  waiting = g_steal_pointer (&self->offline);
  self->offline = g_ptr_array_new_with_free_func ((GDestroyNotify) generation_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OFFLINE]);

  while (waiting->len > 0)
    submit (self, g_ptr_array_steal_index (waiting, 0), self->cancellable, on_resent, NULL);
}

/* Loading: the history, and what earlier runs left unfinished. */

static void
on_resume_credentials (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Credentials) credentials = lookup_credentials_finish (result, &error);
  guint before, resumed;

  if (credentials == NULL || !use_client (self, credentials, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  before = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  resumed = sb_history_resume (self->history, self->queue);
  for (guint i = before; i < g_list_model_get_n_items (G_LIST_MODEL (self->queue)); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      start_job (self, job, FALSE);
    }
  g_task_return_int (task, resumed);
}

static void
on_history_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  gboolean unfinished = FALSE;

  if (!sb_history_load_finish (self->history, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->history)); i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      unfinished |= !sb_history_entry_is_finished (entry);
    }

  if (!unfinished)
    {
      g_task_return_int (task, 0);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  lookup_credentials_async (self, cancellable, on_resume_credentials, g_steal_pointer (&task));
}

/**
 * sb_generator_load_async:
 *
 * Loads the history and puts what earlier runs left unfinished (younger
 * than 24 hours) back in the queue. Only the first call does: the others
 * finish at once, with nothing resumed.
 */
void
sb_generator_load_async (SbGenerator         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (self->load_started)
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }
  self->load_started = TRUE;
  sb_history_load_async (self->history, cancellable, on_history_loaded, task);
}

/**
 * sb_generator_load_finish:
 * @n_resumed: (out) (optional): how many unfinished generations were resumed
 *
 * Returns: FALSE if the history could not be read, or if unfinished
 *   generations wait for an API key (%SB_ERROR_NO_API_KEY)
 */
gboolean
sb_generator_load_finish (SbGenerator   *self,
                          GAsyncResult  *result,
                          guint         *n_resumed,
                          GError       **error)
{
  gssize resumed = g_task_propagate_int (G_TASK (result), error);

  if (resumed < 0)
    return FALSE;
  if (n_resumed != NULL)
    *n_resumed = resumed;
  return TRUE;
}

/* One job for an existing task: retrying an entry, or following a task id. */

typedef struct {
  SbHistoryEntry *entry;     /* retry: the entry; else NULL */
  char           *task_id;   /* follow: the task */
} JobRequest;

static void
job_request_free (JobRequest *request)
{
  g_clear_object (&request->entry);
  g_free (request->task_id);
  g_free (request);
}

static void
on_job_credentials (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  JobRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Credentials) credentials = lookup_credentials_finish (result, &error);
  g_autoptr(SbParams) params = NULL;
  g_autoptr(SbJob) job = NULL;

  if (credentials == NULL || !use_client (self, credentials, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->entry != NULL)
    {
      /* Pictures made but not saved: fetched again, while DashScope keeps them. */
      SbJob *resumed = sb_history_resume_entry (self->history, self->queue, request->entry);

      if (resumed == NULL)
        {
          g_task_return_new_error (task, SB_ERROR, SB_ERROR_TASK_UNKNOWN,
                                   _("DashScope no longer keeps these pictures (24 hours)"));
          return;
        }
      job = g_object_ref (resumed);
      start_job (self, job, FALSE);
    }
  else
    {
      /* A task made elsewhere: its pictures go to the generator's folder. */
      params = sb_params_new ();
      job = sb_job_new_resumed (params, NULL, request->task_id, g_get_real_time ());
      start_job (self, job, TRUE);
    }

  g_task_return_pointer (task, g_steal_pointer (&job), g_object_unref);
}

static void
start_job_request (SbGenerator         *self,
                   JobRequest          *request,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, request, (GDestroyNotify) job_request_free);
  lookup_credentials_async (self, cancellable, on_job_credentials, task);
}

/* Follows a task by its id to its saved pictures (sketchbloom-cli wait). */
void
sb_generator_follow_async (SbGenerator         *self,
                           const char          *task_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  JobRequest *request = g_new0 (JobRequest, 1);

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (task_id != NULL);

  request->task_id = g_strdup (task_id);
  start_job_request (self, request, cancellable, callback, user_data);
}

static void
on_regenerated (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) jobs = sb_generator_submit_finish (SB_GENERATOR (source), result, &error);

  if (jobs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (g_ptr_array_index (jobs, 0)), g_object_unref);
}

/* The entry's own picture and (a repaint's) mask read: sent again, in the
 * entry, or (Make Again) as one picture in an entry of its own beside it,
 * an edit of the same picture. */
static void
regenerate (GTask  *task,
            GBytes *png,
            GBytes *mask)
{
  SbGenerator *self = g_task_get_source_object (task);
  SbHistoryEntry *entry = g_task_get_task_data (task);
  const char *url = sb_history_entry_get_sketch_url (entry);
  Generation *generation;

  generation = generation_new (sb_history_entry_get_params (entry), png, png == NULL ? url : NULL, SB_SWEEP_NONE,
                               png != NULL ? sb_generator_get_upload_method (self) : SB_UPLOAD_METHOD_URL);
  if (mask != NULL)
    sb_params_set_mask (generation->params, mask);
  if (g_task_get_source_tag (task) == sb_generator_remake_one_async)
    {
      g_autoptr(GFile) folder = g_file_get_parent (sb_history_entry_get_directory (entry));

      /* One picture, in an entry of its own beside the one it stands in for. */
      sb_params_set_count (generation->params, 1);
      if (sb_history_entry_get_parent_entry (entry) != NULL)
        generation->parent = g_file_new_build_filename (g_file_peek_path (folder),
                                                        sb_history_entry_get_parent_entry (entry),
                                                        sb_history_entry_get_parent_image (entry), NULL);
    }
  else
    {
      generation->entries = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (generation->entries, g_object_ref (entry));
    }
  submit (self, generation, g_task_get_cancellable (task), on_regenerated, g_object_ref (task));
}

typedef struct {
  GTask  *task;
  GBytes *png;
} MaskRead;

static void
on_mask_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MaskRead *read = user_data;
  g_autoptr(GTask) task = read->task;
  g_autoptr(GBytes) png = read->png;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) mask = sb_bounded_file_read_finish (result, &error);

  g_free (read);
  if (mask == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    regenerate (task, png, mask);
}

static void
on_sketch_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbHistoryEntry *entry = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = sb_bounded_file_read_finish (result, &error);
  const SbEngine *engine = sb_params_get_engine (sb_history_entry_get_params (entry));

  /* The sketch as it was sent; without it, its address, if it had one. */
  if (png == NULL && sb_history_entry_get_sketch_url (entry) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A repaint's region, kept beside its picture. */
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_MASK) && png != NULL)
    {
      g_autoptr(GFile) mask = g_file_get_child (sb_history_entry_get_directory (entry), "mask.png");
      MaskRead *read = g_new (MaskRead, 1);

      read->task = g_steal_pointer (&task);
      read->png = g_steal_pointer (&png);
      sb_bounded_file_read_async (mask, engine->max_image_bytes, g_task_get_cancellable (read->task), on_mask_read,
                                  read);
      return;
    }
  regenerate (task, png, NULL);
}

/* What an entry sent, no larger than its engine takes. */
static gsize
sent_picture_max_bytes (SbHistoryEntry *entry)
{
  return MAX (SB_SKETCH_MAX_BYTES, sb_params_get_engine (sb_history_entry_get_params (entry))->max_image_bytes);
}

/**
 * sb_generator_remake_one_async:
 * @entry: a generation one of whose pictures the service failed to make
 *
 * Makes one picture again, as a new task of one picture from the same
 * sketch and settings (paid for as one picture), in an entry of its own:
 * the rest of @entry's pictures are kept as they are. Finish with
 * sb_generator_job_finish().
 */
void
sb_generator_remake_one_async (SbGenerator         *self,
                               SbHistoryEntry      *entry,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  g_autoptr(GFile) sketch = NULL;

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (SB_IS_HISTORY_ENTRY (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_generator_remake_one_async);
  g_task_set_task_data (task, g_object_ref (entry), g_object_unref);
  sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");
  sb_bounded_file_read_async (sketch, sent_picture_max_bytes (entry), cancellable, on_sketch_read, task);
}

/**
 * sb_generator_retry_async:
 *
 * Pictures made but not saved are fetched again, and a task stopped here
 * but not at the service is asked about again, while DashScope keeps
 * them; a generation that failed at the service is made again in its
 * entry, as one new task from the same sketch.
 */
void
sb_generator_retry_async (SbGenerator         *self,
                          SbHistoryEntry      *entry,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SbHistoryEntryState state;
  JobRequest *request;

  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (SB_IS_HISTORY_ENTRY (entry));

  /* A task the service may still finish is asked about, not made again. */
  state = sb_history_entry_get_state (entry);
  if ((state == SB_HISTORY_ENTRY_FAILED || state == SB_HISTORY_ENTRY_CANCELLED || state == SB_HISTORY_ENTRY_EXPIRED) &&
      !sb_history_entry_has_open_task (entry, g_get_real_time ()))
    {
      GTask *task = g_task_new (self, cancellable, callback, user_data);
      /* The sketch kept with the entry, no larger than a sketch can be. */
      g_autoptr(GFile) sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");

      g_task_set_task_data (task, g_object_ref (entry), g_object_unref);
      sb_bounded_file_read_async (sketch, sent_picture_max_bytes (entry), cancellable, on_sketch_read, task);
      return;
    }

  request = g_new0 (JobRequest, 1);
  request->entry = g_object_ref (entry);
  start_job_request (self, request, cancellable, callback, user_data);
}

/* Returns: (transfer full): the job, queued */
SbJob *
sb_generator_job_finish (SbGenerator   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Cancelling: a job not started at the service is cancelled; one it has
 * started can only be abandoned (it finishes, and is billed). */

static void
on_queue_cancelled (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (sb_job_queue_cancel_finish (SB_JOB_QUEUE (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sb_generator_cancel_async (SbGenerator         *self,
                           SbJob               *job,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (SB_IS_GENERATOR (self));
  g_return_if_fail (self->queue != NULL);

  sb_job_queue_cancel_async (self->queue, job, cancellable, on_queue_cancelled,
                             g_task_new (self, cancellable, callback, user_data));
}

/* Returns: FALSE with %SB_ERROR_NOT_CANCELLABLE for a task DashScope has
 * started: abandon it instead */
gboolean
sb_generator_cancel_finish (SbGenerator   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sb_generator_abandon (SbGenerator *self,
                      SbJob       *job)
{
  g_return_if_fail (SB_IS_GENERATOR (self));

  if (self->queue != NULL)
    sb_job_queue_abandon (self->queue, job);
}

/* One request with the current credentials: a task's status, cancelling a
 * task by id, testing the upload. */

typedef enum {
  REQUEST_QUERY,
  REQUEST_CANCEL,
  REQUEST_CHECK_KEY,
  REQUEST_TEST_UPLOAD,
} RequestKind;

typedef struct {
  RequestKind  kind;
  char        *task_id;
  char        *api_key;   /* a key to check instead of the stored one */
} Request;

static void
request_free (Request *request)
{
  g_free (request->task_id);
  if (request->api_key != NULL)
    memset (request->api_key, 0, strlen (request->api_key));
  g_free (request->api_key);
  g_free (request);
}

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RequestKind kind = ((Request *) g_task_get_task_data (task))->kind;
  GError *error = NULL;
  gpointer answer = NULL;

  if (kind == REQUEST_QUERY || kind == REQUEST_CHECK_KEY)
    answer = sb_dashscope_client_query_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error);
  else if (kind == REQUEST_CANCEL)
    answer = sb_dashscope_client_cancel_task_finish (SB_DASHSCOPE_CLIENT (source), result, &error) ? source : NULL;
  else
    answer = sb_uploader_test_finish (SB_UPLOADER (source), result, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else if (kind == REQUEST_QUERY)
    g_task_return_pointer (task, answer, g_object_unref);
  else if (kind == REQUEST_CHECK_KEY)
    {
      g_object_unref (answer);
      g_task_return_boolean (task, TRUE);
    }
  else if (kind == REQUEST_CANCEL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, answer, g_free);
}

static void
on_request_credentials (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbGenerator *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  RequestKind kind = request->kind;
  const char *task_id = request->task_id;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(Credentials) credentials = lookup_credentials_finish (result, &error);
  g_autoptr(SbUploader) uploader = NULL;

  if (credentials != NULL && request->api_key != NULL)
    {
      g_clear_object (&credentials->client);
      g_clear_error (&credentials->key_error);
      credentials->client = sb_setup_create_client (self->settings, request->api_key, &credentials->key_error);
    }
  if (credentials != NULL && kind == REQUEST_TEST_UPLOAD)
    uploader = create_uploader (self, credentials, &error);
  else if (credentials != NULL && credentials->client == NULL)
    g_propagate_error (&error, g_steal_pointer (&credentials->key_error));

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (kind == REQUEST_QUERY || kind == REQUEST_CHECK_KEY)
    sb_dashscope_client_query_task_async (credentials->client, task_id, cancellable, on_request_done, g_steal_pointer (&task));
  else if (kind == REQUEST_CANCEL)
    sb_dashscope_client_cancel_task_async (credentials->client, task_id, cancellable, on_request_done, g_steal_pointer (&task));
  else
    sb_uploader_test_async (uploader, cancellable, on_request_done, g_steal_pointer (&task));
}

static void
send_request (SbGenerator         *self,
              RequestKind          kind,
              const char          *task_id,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->kind = kind;
  request->task_id = g_strdup (task_id);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  lookup_credentials_async (self, cancellable, on_request_credentials, task);
}

void
sb_generator_query_async (SbGenerator         *self,
                          const char          *task_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  send_request (self, REQUEST_QUERY, task_id, cancellable, callback, user_data);
}

/* Returns: (transfer full): the task as the service reports it */
SbTask *
sb_generator_query_finish (SbGenerator   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_generator_cancel_task_async (SbGenerator         *self,
                                const char          *task_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  send_request (self, REQUEST_CANCEL, task_id, cancellable, callback, user_data);
}

gboolean
sb_generator_cancel_task_finish (SbGenerator   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sb_generator_check_key_async:
 * @api_key: (nullable): a key to check, or NULL for the stored one
 *
 * One authenticated request that costs nothing: the status of a task that
 * does not exist. The service answers UNKNOWN to a valid key, 401 otherwise.
 */
void
sb_generator_check_key_async (SbGenerator         *self,
                              const char          *api_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->kind = REQUEST_CHECK_KEY;
  request->task_id = g_strdup ("sketchbloom-key-check");
  request->api_key = g_strdup (api_key);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  lookup_credentials_async (self, cancellable, on_request_credentials, task);
}

/* Returns: TRUE if DashScope accepted the key */
gboolean
sb_generator_check_key_finish (SbGenerator   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Uploads a test picture the way a sketch would go, and reads it back. */
void
sb_generator_test_upload_async (SbGenerator         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  send_request (self, REQUEST_TEST_UPLOAD, NULL, cancellable, callback, user_data);
}

/* Returns: (transfer full): the address the test picture got */
char *
sb_generator_test_upload_finish (SbGenerator   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The object. */

static void
on_save_failed (SbHistory    *history,
                const GError *error,
                SbGenerator  *self)
{
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
sb_generator_dispose (GObject *object)
{
  SbGenerator *self = SB_GENERATOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->queue);

  G_OBJECT_CLASS (sb_generator_parent_class)->dispose (object);
}

static void
sb_generator_finalize (GObject *object)
{
  SbGenerator *self = SB_GENERATOR (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->data_directory);
  g_clear_object (&self->history);
  g_clear_object (&self->ledger);
  g_clear_object (&self->schedule);
  g_clear_object (&self->active);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->offline, g_ptr_array_unref);
  g_free ((char *) self->overrides.upload_url);
  g_free ((char *) self->overrides.public_url);
  g_free ((char *) self->overrides.form_field);
  g_free ((char *) self->overrides.url_path);
  g_strfreev ((char **) self->overrides.headers);

  G_OBJECT_CLASS (sb_generator_parent_class)->finalize (object);
}

static void
sb_generator_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SbGenerator *self = SB_GENERATOR (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    case PROP_ACTIVE_JOBS:
      g_value_set_object (value, self->active);
      break;

    case PROP_N_OFFLINE:
      g_value_set_uint (value, self->offline->len);
      break;

    case PROP_N_UPLOADING:
      g_value_set_uint (value, self->n_uploading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_generator_class_init (SbGeneratorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_generator_dispose;
  object_class->finalize = sb_generator_finalize;
  object_class->get_property = sb_generator_get_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, SB_TYPE_HISTORY,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SbGenerator:active-jobs:
   *
   * The jobs not yet done, failed or cancelled, oldest first.
   */
  properties[PROP_ACTIVE_JOBS] =
    g_param_spec_object ("active-jobs", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * SbGenerator:n-offline:
   *
   * Generations kept until the network is back.
   */
  properties[PROP_N_OFFLINE] =
    g_param_spec_uint ("n-offline", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_UPLOADING] =
    g_param_spec_uint ("n-uploading", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbGenerator::job-finished:
   * @job: a job that is done, failed or cancelled
   *
   * After the history has recorded the outcome and the pictures were copied
   * to the export folder, if any.
   */
  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_JOB);

  /**
   * SbGenerator::failed:
   * @error: what went wrong
   *
   * Work of the generator's own failed: a copy to the export folder, an
   * entry that could not be saved (the previous one is still whole), a
   * generation sent again when the network came back.
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sb_generator_init (SbGenerator *self)
{
  self->schedule = sb_poll_schedule_new ();
  self->active = g_list_store_new (SB_TYPE_JOB);
  self->offline = g_ptr_array_new_with_free_func ((GDestroyNotify) generation_free);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, 0);
}

static void
on_ledger_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sb_usage_ledger_load_finish (SB_USAGE_LEDGER (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not read the usage ledger: %s", error->message);
}

/**
 * sb_generator_new:
 * @settings: (nullable): the app's settings; NULL for the defaults
 * @data_directory: where the history is kept
 */
SbGenerator *
sb_generator_new (GSettings *settings,
                  GFile     *data_directory)
{
  SbGenerator *self;
  g_autoptr(GFile) history = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (G_IS_FILE (data_directory), NULL);

  self = g_object_new (SB_TYPE_GENERATOR, NULL);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->data_directory = g_object_ref (data_directory);
  history = g_file_get_child (data_directory, "history");
  self->history = sb_history_new (history);
  {
    g_autoptr(GFile) usage = g_file_get_child (data_directory, "usage.json");

    self->ledger = sb_usage_ledger_new (usage, history);
    sb_usage_ledger_load_async (self->ledger, self->cancellable, on_ledger_loaded, NULL);
  }
  g_signal_connect_object (self->history, "save-failed", G_CALLBACK (on_save_failed), self, 0);
  sb_setup_load_schedule (settings, self->schedule);
  return self;
}

/**
 * sb_generator_set_overrides:
 * @options: what the command line sets instead of the settings
 */
void
sb_generator_set_overrides (SbGenerator           *self,
                            const SbUploadOptions *options)
{
  g_return_if_fail (SB_IS_GENERATOR (self));

  self->overrides.method = options->method;
  self->overrides.method_set = options->method_set;
  self->overrides.upload_url = g_strdup (options->upload_url);
  self->overrides.public_url = g_strdup (options->public_url);
  self->overrides.form_field = g_strdup (options->form_field);
  self->overrides.url_path = g_strdup (options->url_path);
  self->overrides.headers = (const char * const *) g_strdupv ((char **) options->headers);
}

GSettings *
sb_generator_get_settings (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  return self->settings;
}

GFile *
sb_generator_get_data_directory (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  return self->data_directory;
}

SbHistory *
sb_generator_get_history (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  return self->history;
}

/* What DashScope billed, for the usage meter. */
SbUsageLedger *
sb_generator_get_usage_ledger (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  return self->ledger;
}

/* Files are being written (history entries, the ledger): wait before quitting. */
gboolean
sb_generator_get_busy (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), FALSE);

  return sb_history_get_busy (self->history) || sb_usage_ledger_get_busy (self->ledger);
}

/* Returns: (transfer none) (nullable): the job under way for @entry */
SbJob *
sb_generator_find_job (SbGenerator    *self,
                       SbHistoryEntry *entry)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->active)); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (G_LIST_MODEL (self->active), i);

      if (sb_job_get_directory (job) != NULL && g_file_equal (sb_job_get_directory (job), sb_history_entry_get_directory (entry)))
        return job;   /* the list holds it */
    }
  return NULL;
}

/* How long a task typically takes at DashScope, as learned so far. */
double
sb_generator_get_typical_duration (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), 0);

  /* Before any task was seen: about what the service's documentation says. */
  return sb_poll_schedule_get_typical_duration (self->schedule, 15);
}

GListModel *
sb_generator_get_active_jobs (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), NULL);

  return G_LIST_MODEL (self->active);
}

guint
sb_generator_get_n_offline (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), 0);

  return self->offline->len;
}

guint
sb_generator_get_n_uploading (SbGenerator *self)
{
  g_return_val_if_fail (SB_IS_GENERATOR (self), 0);

  return self->n_uploading;
}
