/* sb-window.c: the main window
 *
 * The window composes the canvas, the generation parameters and the gallery
 * pane; it keeps no state of its own beyond what GSettings persists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sb-autosave.h"
#include "sb-canvas.h"
#include "sb-environment.h"
#include "sb-error.h"
#include "sb-gallery-row.h"
#include "sb-history.h"
#include "sb-image-viewer.h"
#include "sb-job-row.h"
#include "sb-job-queue.h"
#include "sb-secrets.h"
#include "sb-texture.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-sweep-window.h"
#include "sb-usage.h"
#include "sb-widget-compat.h"
#include "sb-window.h"

struct _SbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GFile                *data_directory;
  SbSketch             *sketch;
  SbAutosave           *autosave;
  GCancellable         *cancellable;

  /* Generating: created with the first generation (they need the key). */
  SbDashscopeClient    *client;
  SbUploader           *uploader;
  SbPollSchedule       *schedule;
  SbJobQueue           *queue;
  SbHistory            *history;
  GtkCustomFilter      *active_filter;   /* jobs not yet finished */
  GPtrArray            *offline;         /* of Generation: to send when the network is back */
  GtkFilterListModel   *gallery_model;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  SbCanvas             *canvas;
  GtkEntry             *prompt_entry;
  GtkLabel             *prompt_counter;
  GtkDropDown          *style_dropdown;
  GtkLabel             *weight_label;
  GtkScale             *weight_scale;
  GtkAdjustment        *weight_adjustment;
  GtkAdjustment        *count_adjustment;
  GtkButton            *generate_button;
  GtkAdjustment        *width_adjustment;
  AdwBin               *color_slot;
  GtkWidget            *color_button;
  GtkRevealer          *service_banner;
  GtkLabel             *service_label;
  GtkButton            *service_notice_close;
  gboolean              service_notice_hidden;
  GtkLabel             *job_status;
  GtkListBox           *jobs_list;
  GtkLabel             *preflight_label;
  GtkLabel             *usage_label;
  GtkStack             *gallery_stack;
  GtkListView          *gallery;
  GtkSearchEntry       *gallery_search;
  GtkDropDown          *gallery_style;
};

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_DATA_DIRECTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (SbWindow   *self,
            const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
update_prompt_counter (SbWindow *self)
{
  GtkEntryBuffer *buffer = gtk_entry_get_buffer (self->prompt_entry);
  guint length = gtk_entry_buffer_get_length (buffer);   /* characters, not bytes */
  g_autofree char *text = g_strdup_printf ("%u/%d", length, SB_PROMPT_MAX_CHARS);
  g_autofree char *description = NULL;

  gtk_label_set_label (self->prompt_counter, text);

  if (length >= SB_PROMPT_MAX_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->prompt_counter), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->prompt_counter), "warning");

  description = g_strdup_printf (_("%u of %d characters used"), length, SB_PROMPT_MAX_CHARS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt_counter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_weight_label (SbWindow *self)
{
  int weight = (int) gtk_adjustment_get_value (self->weight_adjustment);
  g_autofree char *text = g_strdup_printf (_("Sketch weight: %d"), weight);

  gtk_label_set_label (self->weight_label, text);
}

/* Generating: export → upload → queue (create, poll) → download → gallery. */

/* What to do about an error, in a sentence. */
static const char *
error_advice (const GError *error)
{
  if (error->domain != SB_ERROR)
    return NULL;

  switch ((SbErrorCode) error->code)
    {
    case SB_ERROR_NO_API_KEY:
    case SB_ERROR_AUTH:
      return _("Check the API key in Preferences.");
    case SB_ERROR_ACCESS_DENIED:
      return _("The key is fine: check in the DashScope console that the account may use wanx-sketch-to-image-lite.");
    case SB_ERROR_THROTTLED:
      return _("Try again in a minute.");
    case SB_ERROR_ACCOUNT:
      return _("Check the account’s balance and quota in the DashScope console.");
    case SB_ERROR_NETWORK:
      return _("Sketchbloom sends it again when the network is back.");
    case SB_ERROR_SERVER:
      return _("Try again later.");
    case SB_ERROR_INVALID_URL:
    case SB_ERROR_UPLOAD:
      return _("Check the sketch upload in Preferences (Test Upload).");
    case SB_ERROR_RESOLUTION:
      return _("Use a sketch between 256 and 2048 pixels.");
    case SB_ERROR_TASK_FAILED:
      return _("Try again, or change the prompt.");
    case SB_ERROR_TASK_UNKNOWN:
      return _("DashScope keeps tasks for 24 hours: generate it again.");
    case SB_ERROR_UNCERTAIN:
      return _("The task may have been made: look in the gallery before trying again.");
    case SB_ERROR_INVALID_INPUT:
    case SB_ERROR_INSECURE_URL:
    case SB_ERROR_INVALID_PARAMETER:
    case SB_ERROR_REFUSED:
    case SB_ERROR_MALFORMED:
    case SB_ERROR_NOT_CANCELLABLE:
    case SB_ERROR_DOWNLOAD:
    default:
      return NULL;
    }
}

/* A toast that says what went wrong and what to do, with the service's
 * code and request_id a click away (Copy Details). */
static void
show_error (SbWindow     *self,
            const GError *error)
{
  const char *advice;
  g_autofree char *title = NULL;
  g_autofree char *formatted = NULL;
  g_autoptr(GString) details = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  formatted = sb_error_format_details (error);
  advice = error_advice (error);
  if (advice == NULL)
    title = g_strdup (error->message);
  else if (g_str_has_suffix (error->message, ".") || g_str_has_suffix (error->message, "。"))
    title = g_strdup_printf ("%s %s", error->message, advice);
  else
    /* Translators: what went wrong, then what to do about it */
    title = g_strdup_printf (_("%s. %s"), error->message, advice);

  /* For support: the summary, then what the service said, and where. */
  details = g_string_new (NULL);
  if (sb_error_get_service_code (error) != NULL)
    g_string_append_printf (details, "%s\n", error->message);
  g_string_append (details, formatted);
  if (sb_error_get_http_status (error) >= 400)
    g_string_append_printf (details, "\nHTTP %u", sb_error_get_http_status (error));

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Copy _Details"));
  adw_toast_set_action_name (toast, "win.copy-details");
  adw_toast_set_action_target_value (toast, g_variant_new_string (details->str));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
}

typedef struct {
  SbWindow *self;
  SbParams *params;
  GBytes   *png;
  char     *url;       /* a sketch already online: nothing to upload */
  char     *api_key;   /* until the client has it */
  char     *sweep;     /* "weights" or "styles": one job per variant */
  SbSweepWindow *sweep_window;
} Generation;

static void upload (Generation *generation);
static void queue_generation (Generation *generation, const char *sketch_url);
static void update_usage (SbWindow *self);
static void generation_free (Generation *generation);

/* No network: kept, and sent again when the network comes back. */
static void
update_offline_status (SbWindow *self)
{
  g_autofree char *text = NULL;

  if (self->offline->len == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->job_status), FALSE);
      return;
    }

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "No network: %u generation is sent when it is back",
                                       "No network: %u generations are sent when it is back",
                                       self->offline->len),
                          self->offline->len);
  gtk_label_set_label (self->job_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->job_status), TRUE);
}

static void
keep_for_network (SbWindow   *self,
                  SbParams   *params,
                  const char *url,
                  GBytes     *png)
{
  Generation *generation = g_new0 (Generation, 1);

  /* One job each: a failed sweep variant is sent again alone. */
  generation->self = g_object_ref (self);
  generation->params = g_object_ref (params);
  generation->url = g_strdup (url);
  generation->png = png != NULL ? g_bytes_ref (png) : NULL;
  g_ptr_array_add (self->offline, generation);
  update_offline_status (self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    SbWindow        *self)
{
  g_autoptr(GPtrArray) waiting = NULL;

  if (!available || self->offline->len == 0)
    return;

  waiting = g_steal_pointer (&self->offline);
  self->offline = g_ptr_array_new_with_free_func ((GDestroyNotify) generation_free);
  update_offline_status (self);

  while (waiting->len > 0)
    {
      Generation *generation = g_ptr_array_steal_index (waiting, 0);

      if (generation->url != NULL)
        {
          queue_generation (generation, generation->url);
          generation_free (generation);
        }
      else
        upload (generation);
    }
}

/* Images ready while the artist is elsewhere: a desktop notification. */
static void
notify_done (SbWindow *self,
             SbJob    *job)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  guint n_files = sb_job_get_files (job)->len;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (application == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  notification = g_notification_new (_("Pictures Ready"));
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u picture of “%s” is in the gallery",
                                       "%u pictures of “%s” are in the gallery", n_files),
                          n_files, sb_params_get_prompt (sb_job_get_params (job)));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.activate");
  g_application_send_notification (application, "pictures-ready", notification);
}

static void
on_active_changed (SbWindow *self)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (application != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    g_application_withdraw_notification (application, "pictures-ready");
}

/* Every result also goes to the folder chosen in Preferences, if any. */
static void
on_exported_result (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    show_error (self, error);
}

static void
export_results (SbWindow *self,
                SbJob    *job)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "export-folder");
  GPtrArray *files = sb_job_get_files (job);
  g_autoptr(GFile) directory = NULL;

  if (!g_settings_get_boolean (self->settings, "export-results") || *folder == '\0')
    return;

  directory = g_file_new_for_path (folder);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));
      g_autoptr(GFile) destination = g_file_get_child (directory, name);

      g_file_copy_async (g_ptr_array_index (files, i), destination, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT,
                         self->cancellable, NULL, NULL, on_exported_result, g_object_ref (self));
    }
}

static void
on_job_state (SbJob      *job,
              GParamSpec *pspec,
              SbWindow   *self)
{
  const GError *error = sb_job_get_error (job);

  if (self->toast_overlay == NULL)   /* the window is being destroyed */
    return;

  if (self->active_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->active_filter), GTK_FILTER_CHANGE_DIFFERENT);

  if (sb_job_get_state (job) == SB_JOB_DONE)
    {
      GPtrArray *files = sb_job_get_files (job);

      /* The gallery follows the history entry; here only what to say. */
      sb_environment_save_schedule (self->settings, self->schedule);
      /* Some images may have failed while others succeeded: say so, and
       * whether they can still be fetched. */
      if (sb_job_get_download_failures (job)->len > 0)
        show_toast (self, _("Some pictures were made but not saved: Retry is in the gallery"));
      else if (sb_task_get_results (sb_job_get_task (job))->len > files->len)
        show_toast (self, _("Some images could not be made; the others are in the gallery"));
      notify_done (self, job);
      export_results (self, job);
    }
  else if (sb_job_get_state (job) == SB_JOB_FAILED)
    {
      show_error (self, error);
      if (g_error_matches (error, SB_ERROR, SB_ERROR_AUTH))
        gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
      else if (g_error_matches (error, SB_ERROR, SB_ERROR_NETWORK) && sb_job_get_task (job) == NULL)
        keep_for_network (self, sb_job_get_params (job), sb_job_get_sketch_url (job), NULL);
    }
}

static void
watch_job (SbWindow *self,
           SbJob    *job)
{
  g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, 0);
}

/* A job's window, for callbacks that may outlive it: a weak reference. */
static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
set_job_window (SbJob    *job,
                SbWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_object_set_data_full (G_OBJECT (job), "sb-window", ref, (GDestroyNotify) weak_ref_free);
}

/* Returns: (transfer full) (nullable): the window, if it still exists */
static SbWindow *
get_job_window (SbJob *job)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (job), "sb-window");

  return ref != NULL ? g_weak_ref_get (ref) : NULL;
}

/* Jobs in progress, each with its state and a cancel button. */

static void
on_abandon_response (GtkWidget  *dialog,
                     const char *response,
                     SbJob      *job)
{
  g_autoptr(SbWindow) self = get_job_window (job);

  if (g_str_equal (response, "abandon") && self != NULL && self->queue != NULL)
    sb_job_queue_abandon (self->queue, job);
}

static void
ask_to_abandon (SbWindow *self,
                SbJob    *job)
{
  GtkWidget *dialog = sb_alert_new (_("Abandon the Running Task?"),
                                    _("DashScope cannot stop a task once it has started: it finishes, "
                                      "and its images are billed. Abandoning only stops waiting for them."));

  sb_alert_add_response (dialog, "keep", _("_Keep Waiting"), ADW_RESPONSE_DEFAULT);
  sb_alert_add_response (dialog, "abandon", _("_Abandon"), ADW_RESPONSE_DESTRUCTIVE);
  sb_alert_set_responses (dialog, "keep", "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_abandon_response), g_object_ref (job),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  sb_alert_present (dialog, GTK_WINDOW (self));
}

static void
on_job_cancelled (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbWindow) self = get_job_window (job);

  if (sb_job_queue_cancel_finish (SB_JOB_QUEUE (source), result, &error) || self == NULL || self->queue == NULL)
    return;

  /* Started at the service: it can only be abandoned. */
  if (g_error_matches (error, SB_ERROR, SB_ERROR_NOT_CANCELLABLE) && !sb_job_state_is_final (sb_job_get_state (job)))
    ask_to_abandon (self, job);
  else
    show_error (self, error);
}

static void
on_job_row_cancel (SbJobRow *row,
                   SbWindow *self)
{
  SbJob *job = sb_job_row_get_job (row);

  if (sb_job_get_state (job) == SB_JOB_RUNNING)
    {
      ask_to_abandon (self, job);
      return;
    }

  set_job_window (job, self);
  sb_job_queue_cancel_async (self->queue, job, self->cancellable, on_job_cancelled, g_object_ref (job));
}

static GtkWidget *
create_job_row (gpointer item,
                gpointer user_data)
{
  GtkWidget *row = sb_job_row_new (item);

  g_signal_connect_object (row, "cancel", G_CALLBACK (on_job_row_cancel), user_data, 0);
  return row;
}

static gboolean
job_is_active (gpointer item,
               gpointer user_data)
{
  return !sb_job_state_is_final (sb_job_get_state (item));
}

static void
update_jobs_visible (SbWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->jobs_list),
                          gtk_widget_get_first_child (GTK_WIDGET (self->jobs_list)) != NULL);
}

static void
setup_jobs_list (SbWindow *self)
{
  GtkFilterListModel *active;

  self->active_filter = gtk_custom_filter_new (job_is_active, NULL, NULL);
  active = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->queue)),
                                      g_object_ref (GTK_FILTER (self->active_filter)));
  gtk_list_box_bind_model (self->jobs_list, G_LIST_MODEL (active), create_job_row, self, NULL);
  g_signal_connect_object (active, "items-changed", G_CALLBACK (update_jobs_visible), self, G_CONNECT_SWAPPED);
  g_object_unref (active);
  update_jobs_visible (self);
}

static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbHistoryEntry) entry = sb_history_record_finish (SB_HISTORY (source), result, &error);
  g_autoptr(SbWindow) self = get_job_window (job);

  if (self == NULL || self->queue == NULL)   /* closed meanwhile */
    return;

  /* A paid task that could not be recorded could be lost: do not start it. */
  if (entry == NULL)
    {
      show_error (self, error);
      return;
    }

  /* After the history's own handler: the entry has its images by then. */
  g_signal_connect_object (job, "notify::state", G_CALLBACK (update_usage), self, G_CONNECT_SWAPPED);
  sb_job_queue_add (self->queue, job);
}

/* Recorded in the history first, then queued: nothing asked of the service
 * can be forgotten. */
static SbJob *
queue_job (SbWindow   *self,
           SbParams   *params,
           const char *sketch_url,
           GBytes     *sketch_png)
{
  SbJob *job = sb_job_new (params, sketch_url);
  g_autofree char *method = g_settings_get_string (self->settings, "upload-method");

  watch_job (self, job);
  if (self->history == NULL)
    {
      sb_job_queue_add (self->queue, job);
      return job;
    }

  set_job_window (job, self);
  sb_history_record_async (self->history, job, sketch_png, method, self->cancellable,
                           on_recorded, g_object_ref (job));
  return job;
}

/* The sweeps' variants: weights 0 to 10 by 2, or the eight styles. */
static const int sweep_weights[] = { 0, 2, 4, 6, 8, 10 };

static void
queue_generation (Generation *generation,
                  const char *sketch_url)
{
  SbWindow *self = generation->self;
  guint n_variants;

  if (generation->sweep == NULL)
    {
      g_object_unref (queue_job (self, generation->params, sketch_url, generation->png));
      return;
    }

  /* One image each, one task at a time (the queue's rule), one cell each. */
  n_variants = g_str_equal (generation->sweep, "weights") ? G_N_ELEMENTS (sweep_weights) : SB_N_STYLES;
  for (guint i = 0; i < n_variants; i++)
    {
      g_autoptr(SbParams) params = sb_params_copy (generation->params);
      g_autoptr(SbJob) job = NULL;
      g_autofree char *label = NULL;

      sb_params_set_count (params, 1);
      if (g_str_equal (generation->sweep, "weights"))
        {
          sb_params_set_sketch_weight (params, sweep_weights[i]);
          label = g_strdup_printf (_("Weight %d"), sweep_weights[i]);
        }
      else
        {
          sb_params_set_style (params, i);
          label = g_strdup (sb_style_get_label (i));
        }

      job = queue_job (self, params, sketch_url, generation->png);
      if (generation->sweep_window != NULL)
        sb_sweep_window_add (generation->sweep_window, label, job);
    }
}

static void
forget_key (Generation *generation)
{
  if (generation->api_key != NULL)
    memset (generation->api_key, 0, strlen (generation->api_key));
  g_clear_pointer (&generation->api_key, g_free);
}

static void
generation_free (Generation *generation)
{
  forget_key (generation);
  g_clear_object (&generation->self);
  g_clear_object (&generation->params);
  g_clear_pointer (&generation->png, g_bytes_unref);
  g_clear_object (&generation->sweep_window);
  g_free (generation->url);
  g_free (generation->sweep);
  g_free (generation);
}

static gboolean
is_url_method (SbWindow *self)
{
  g_autofree char *method = g_settings_get_string (self->settings, "upload-method");

  return g_str_equal (method, "url");
}

static void
on_uploaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Generation *generation = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = sb_uploader_upload_finish (SB_UPLOADER (source), result, &error);

  update_offline_status (generation->self);
  if (url == NULL && g_error_matches (error, SB_ERROR, SB_ERROR_NETWORK))
    {
      show_error (generation->self, error);
      g_ptr_array_add (generation->self->offline, generation);
      update_offline_status (generation->self);
      return;
    }

  if (url == NULL)
    show_error (generation->self, error);
  else
    queue_generation (generation, url);

  generation_free (generation);
}

static void
upload (Generation *generation)
{
  SbWindow *self = generation->self;

  gtk_label_set_label (self->job_status, sb_job_state_get_label (SB_JOB_UPLOADING));
  gtk_widget_set_visible (GTK_WIDGET (self->job_status), TRUE);
  sb_uploader_upload_async (self->uploader, generation->png, self->cancellable, on_uploaded, generation);
}

/* The client and the queue, made once the key is known. */
static gboolean
ensure_client (SbWindow    *self,
               const char  *api_key,
               GError     **error)
{
  g_autoptr(GFile) results = NULL;

  if (self->client != NULL)
    return TRUE;

  self->client = sb_environment_create_client (self->settings, api_key, error);
  if (self->client == NULL)
    return FALSE;

  /* Jobs from the history download into their entry; this is for others. */
  results = self->data_directory != NULL ? g_file_get_child (self->data_directory, "images")
                                         : g_file_new_build_filename (g_get_user_cache_dir (), "sketchbloom", NULL);
  self->queue = sb_job_queue_new (self->client, self->schedule, results);
  setup_jobs_list (self);
  return TRUE;
}

/* …and the uploader, built for each generation: its settings may change. */
static gboolean
ensure_service (SbWindow           *self,
                const char         *api_key,
                const char * const *headers,
                GError            **error)
{
  SbUploadOptions options = { .headers = headers };

  g_clear_object (&self->uploader);
  if (!ensure_client (self, api_key, error))
    return FALSE;
  if (is_url_method (self))
    return TRUE;

  self->uploader = sb_environment_create_uploader (self->settings, self->client, &options, error);
  return self->uploader != NULL;
}

static void
on_upload_headers (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Generation *generation = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) headers = sb_secrets_lookup_upload_headers_finish (result, NULL);

  if (!ensure_service (generation->self, generation->api_key, (const char * const *) headers, &error))
    {
      show_error (generation->self, error);
      generation_free (generation);
      return;
    }

  forget_key (generation);
  if (generation->url != NULL)
    {
      queue_generation (generation, generation->url);
      generation_free (generation);
      return;
    }
  upload (generation);
}

static void
on_api_key (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Generation *generation = user_data;
  g_autoptr(GError) error = NULL;

  generation->api_key = sb_secrets_lookup_api_key_finish (result, &error);
  if (generation->api_key == NULL)
    {
      show_error (generation->self, error);
      gtk_widget_activate_action (GTK_WIDGET (generation->self), "app.preferences", NULL);
      generation_free (generation);
      return;
    }

  /* Carried to the next step only; forgotten as soon as the client has it. */
  sb_secrets_lookup_upload_headers_async (generation->self->cancellable, on_upload_headers, generation);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Generation *generation = user_data;
  g_autoptr(GError) error = NULL;

  generation->png = sb_sketch_export_png_finish (SB_SKETCH (source), result, &error);
  if (generation->png == NULL)
    {
      show_error (generation->self, error);
      generation_free (generation);
      return;
    }

  sb_secrets_lookup_api_key_async (generation->self->cancellable, on_api_key, generation);
}

static SbParams *
collect_params (SbWindow *self)
{
  SbParams *params = sb_params_new ();

  sb_params_set_prompt (params, gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry)));
  sb_params_set_style (params, gtk_drop_down_get_selected (self->style_dropdown));
  sb_params_set_sketch_weight (params, (int) gtk_adjustment_get_value (self->weight_adjustment));
  sb_params_set_count (params, (int) gtk_adjustment_get_value (self->count_adjustment));
  /* The canvas's extraction and pen colours describe the canvas only. */
  if (!is_url_method (self))
    {
      sb_params_set_sketch_extraction (params, sb_sketch_get_extraction (self->sketch));
      sb_sketch_apply_colors (self->sketch, params);
    }

  return params;
}

/* What Generate will send, in one line: the prompt (the part past the
 * limit struck out), style, weight, count, line colours, extraction. */
static void
update_preflight (SbWindow *self)
{
  g_autoptr(SbParams) params = collect_params (self);
  const char *prompt = sb_params_get_prompt (params);
  glong length = g_utf8_strlen (prompt, -1);
  int count = sb_params_get_count (params);
  g_autofree char *prompt_markup = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *sketch = NULL;
  g_autofree char *markup = NULL;
  const SbColor *colors;
  guint n_colors;

  if (length > SB_PROMPT_MAX_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (prompt, SB_PROMPT_MAX_CHARS);
      g_autofree char *kept = g_strndup (prompt, cut - prompt);

      prompt_markup = g_markup_printf_escaped ("“%s<span strikethrough=\"true\" foreground=\"#e01b24\">%s</span>”",
                                               kept, cut);
    }
  else
    prompt_markup = g_markup_printf_escaped ("“%s”", prompt);

  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d image", "%d images", count), count);

  if (is_url_method (self))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "sketch-url");

      /* Translators: the sketch sent is at this web address */
      sketch = g_markup_printf_escaped (_("the sketch at %s"), url);
    }
  else
    {
      colors = sb_params_get_colors (params, &n_colors);
      if (n_colors == 0)
        lines = g_strdup (_("black lines"));
      else
        {
          GString *text = g_string_new ("sketch_color [");

          for (guint i = 0; i < n_colors; i++)
            g_string_append_printf (text, "%s[%u,%u,%u]", i > 0 ? "," : "", colors[i].red, colors[i].green, colors[i].blue);
          g_string_append_c (text, ']');
          lines = g_string_free (text, FALSE);
        }
      sketch = g_markup_printf_escaped ("%s · %s", lines,
                                        sb_params_get_sketch_extraction (params) ? _("line extraction on")
                                                                                 : _("line extraction off"));
    }

  {
    g_autofree char *style = g_markup_escape_text (sb_style_get_label (sb_params_get_style (params)), -1);

    /* Translators: what Generate sends: prompt · style · weight · image count · the sketch */
    markup = g_strdup_printf (_("Sends %s · %s · weight %d · %s · %s"), prompt_markup, style,
                              sb_params_get_sketch_weight (params), count_text, sketch);
  }
  gtk_label_set_markup (self->preflight_label, markup);
}

/* This month's images and their estimated cost, from the history. */
static void
update_usage (SbWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *images = NULL;
  g_autofree char *text = NULL;
  SbUsage usage;

  if (self->usage_label == NULL)   /* the window is being destroyed */
    return;
  if (self->history == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->usage_label), FALSE);
      return;
    }

  sb_usage_compute_for_history (G_LIST_MODEL (self->history), now, &usage);
  images = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", usage.images), usage.images);
  /* Translators: images made this month, their estimated price, and how many were free */
  text = g_strdup_printf (_("This month: %s · about %.2f CNY (%u free)"), images, usage.cost_cny, usage.free_images);
  gtk_label_set_label (self->usage_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_label), TRUE);
}

/* Generate, or a sweep (@sweep: "weights" or "styles"). */
static void
start_generation (SbWindow   *self,
                  const char *sweep)
{
  const char *prompt = gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (prompt));
  g_autoptr(GError) error = NULL;
  Generation *generation;

  if (sb_sketch_is_empty (self->sketch) && !is_url_method (self))
    {
      show_toast (self, _("Draw something on the canvas first"));
      return;
    }

  if (*stripped == '\0')
    {
      show_toast (self, _("Describe the picture in the prompt first"));
      gtk_widget_grab_focus (GTK_WIDGET (self->prompt_entry));
      return;
    }

  generation = g_new0 (Generation, 1);
  generation->self = g_object_ref (self);
  generation->params = collect_params (self);
  if (!sb_params_validate (generation->params, &error))
    {
      show_error (self, error);
      generation_free (generation);
      return;
    }

  if (sweep != NULL)
    {
      g_autofree char *title = g_strdup_printf (g_str_equal (sweep, "weights") ? _("Sweep of Sketch Weights: %s")
                                                                              : _("Sweep of Styles: %s"), stripped);

      generation->sweep = g_strdup (sweep);
      generation->sweep_window = g_object_ref_sink (sb_sweep_window_new (GTK_WINDOW (self), title));
      gtk_window_present (GTK_WINDOW (generation->sweep_window));
    }

  /* A sketch already online: nothing to export or upload. */
  if (is_url_method (self))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "sketch-url");

      if (!sb_dashscope_check_url (url, &error) && !g_str_has_prefix (url, "oss://"))
        {
          show_error (self, error);
          generation_free (generation);
          return;
        }
      generation->url = g_steal_pointer (&url);
      sb_secrets_lookup_api_key_async (self->cancellable, on_api_key, generation);
      return;
    }

  /* The export is taken now: drawing on while it uploads changes nothing. */
  sb_sketch_export_png_async (self->sketch, self->cancellable, on_exported, generation);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  start_generation (SB_WINDOW (widget), NULL);
}

static void
focus_prompt_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (SB_WINDOW (widget)->prompt_entry));
}

static void
sweep_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  const char *kind = g_variant_get_string (parameter, NULL);

  if (g_str_equal (kind, "weights") || g_str_equal (kind, "styles"))
    start_generation (SB_WINDOW (widget), kind);
}

/* The history: what earlier runs made, and what they left unfinished. */

static void
on_resume_key (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_key = sb_secrets_lookup_api_key_finish (result, &error);
  guint before, resumed;

  if (api_key == NULL || !ensure_client (self, api_key, &error))
    {
      show_toast (self, _("Unfinished generations wait for a DashScope API key"));
      return;
    }

  before = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  resumed = sb_history_resume (self->history, self->queue);
  for (guint i = before; i < g_list_model_get_n_items (G_LIST_MODEL (self->queue)); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      watch_job (self, job);
      g_signal_connect_object (job, "notify::state", G_CALLBACK (update_usage), self, G_CONNECT_SWAPPED);
    }

  if (resumed > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Finishing %u generation from last time",
                                                            "Finishing %u generations from last time", resumed),
                                               resumed);
      show_toast (self, text);
    }
}

static void
on_history_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean unfinished = FALSE;

  if (!sb_history_load_finish (SB_HISTORY (source), result, &error))
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->history)); i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->history), i);

      unfinished |= !sb_history_entry_is_finished (entry);
    }

  if (unfinished)
    sb_secrets_lookup_api_key_async (self->cancellable, on_resume_key, g_object_ref (self));
}

/* The gallery: the history, newest first, filtered by prompt and style. */

static gboolean
gallery_filter (gpointer item,
                gpointer user_data)
{
  SbWindow *self = user_data;
  SbParams *params = sb_history_entry_get_params (item);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->gallery_search));
  guint style = gtk_drop_down_get_selected (self->gallery_style);
  g_autofree char *prompt = NULL;
  g_autofree char *needle = NULL;

  /* Position 0 is "All styles"; then the styles in order. */
  if (style != 0 && style != GTK_INVALID_LIST_POSITION && sb_params_get_style (params) != style - 1)
    return FALSE;
  if (*search == '\0')
    return TRUE;

  prompt = g_utf8_casefold (sb_params_get_prompt (params), -1);
  needle = g_utf8_casefold (search, -1);
  return strstr (prompt, needle) != NULL;
}

static void
update_gallery_page (SbWindow *self)
{
  gboolean any = self->gallery_model != NULL &&
                 g_list_model_get_n_items (G_LIST_MODEL (self->gallery_model)) > 0;

  gtk_stack_set_visible_child_name (self->gallery_stack, any ? "images" : "empty");
}

static void
refilter (SbWindow *self)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->gallery_model);

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_gallery_page (self);
}

/* Every picture in the gallery's order, for the viewer's previous and next. */
static void
on_row_open (SbGalleryRow *row,
             GFile        *file,
             SbWindow     *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->gallery_model)); i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->gallery_model), i);
      g_auto(GStrv) images = sb_history_entry_get_images (entry);

      for (guint j = 0; images[j] != NULL; j++)
        {
          GFile *image = g_file_get_child (sb_history_entry_get_directory (entry), images[j]);

          if (g_file_equal (image, file))
            position = files->len;
          g_ptr_array_add (files, image);
        }
    }

  if (files->len > 0)
    gtk_window_present (GTK_WINDOW (sb_image_viewer_new (GTK_WINDOW (self), files, position)));
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SbWindow                 *self)
{
  GtkWidget *row = sb_gallery_row_new ();

  g_signal_connect_object (row, "open", G_CALLBACK (on_row_open), self, 0);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SbWindow                 *self)
{
  sb_gallery_row_set_entry (SB_GALLERY_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SbWindow                 *self)
{
  /* Thumbnails go with the row: memory follows what is visible. */
  sb_gallery_row_set_entry (SB_GALLERY_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Rows on screen, with a screen's height to spare either way, hold their
 * pictures; the others let them go. */
static void
update_shown_rows (SbWindow *self)
{
  GtkWidget *viewport = gtk_widget_get_parent (GTK_WIDGET (self->gallery));
  double height = gtk_widget_get_height (viewport);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->gallery)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *content = gtk_widget_get_first_child (row);
      graphene_rect_t bounds;
      gboolean shown;

      if (!SB_IS_GALLERY_ROW (content))
        continue;

      /* The list keeps out-of-sight rows alive but unmapped. */
      shown = gtk_widget_get_mapped (row) &&
              gtk_widget_compute_bounds (row, viewport, &bounds) &&
              bounds.origin.y + bounds.size.height > -height && bounds.origin.y < 2 * height;
      sb_gallery_row_set_shown (SB_GALLERY_ROW (content), shown);
    }
}

static gboolean
on_gallery_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  update_shown_rows (SB_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
setup_gallery (SbWindow *self)
{
  g_autoptr(GtkStringList) styles = gtk_string_list_new ((const char *[]) { _("All styles"), NULL });
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkCustomFilter *filter = gtk_custom_filter_new (gallery_filter, self, NULL);

  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    gtk_string_list_append (styles, sb_style_get_label (style));
  gtk_drop_down_set_model (self->gallery_style, G_LIST_MODEL (styles));

  self->gallery_model = gtk_filter_list_model_new (self->history != NULL ? g_object_ref (G_LIST_MODEL (self->history)) : NULL,
                                                   GTK_FILTER (filter));
  g_signal_connect_object (self->gallery_model, "items-changed", G_CALLBACK (update_gallery_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery_search, "search-changed", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery_style, "notify::selected", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), self);
  gtk_list_view_set_factory (self->gallery, factory);
  gtk_list_view_set_model (self->gallery, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->gallery_model)))));
  update_gallery_page (self);

  /* Checked once a frame: cheap (a few dozen rows), and it follows every
   * scroll, resize and rebinding without a signal for each. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self->gallery), on_gallery_tick, self, NULL);
}

/* Says so plainly when the pictures will not come from DashScope itself. */
static void
update_service_banner (SbWindow *self)
{
  g_autofree char *base_url = sb_environment_get_base_url (self->settings);
  g_autoptr(SbDashscopeClient) probe = sb_dashscope_client_new (base_url, "-", NULL, NULL);
  g_autofree char *text = NULL;

  if ((probe != NULL && sb_dashscope_client_is_official (probe)) || self->service_notice_hidden)
    {
      gtk_revealer_set_reveal_child (self->service_banner, FALSE);
      return;
    }

  text = g_strdup_printf (_("Pictures come from a local test service (%s), not from the AI model. "
                            "Add a DashScope API key to make real ones."), base_url);
  gtk_label_set_label (self->service_label, text);
  gtk_revealer_set_reveal_child (self->service_banner, TRUE);
}

/* Someone who knows can hide the notice; it comes back at the next start. */
static void
on_service_notice_hidden (SbWindow *self)
{
  self->service_notice_hidden = TRUE;
  update_service_banner (self);
}

/* The sketch's actions: undo, redo, clear, import, paste, brush size. */

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_sketch_import_finish (SB_SKETCH (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  if (sb_sketch_get_extraction (self->sketch))
    show_toast (self, _("This looks like a photo: DashScope will find its edges (Photo is on)"));
}

static void
import_file (SbWindow *self,
             GFile    *file)
{
  sb_sketch_import_async (self->sketch, file, self->cancellable, on_imported, g_object_ref (self));
}

static void
import_texture (SbWindow   *self,
                GdkTexture *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  sb_sketch_import_bytes_async (self->sketch, png, self->cancellable, on_imported, g_object_ref (self));
}

static GtkFileFilter *
picture_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  return filter;
}

static void
on_import_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GFile) file = sb_choose_file_finish (result, NULL);

  if (file != NULL)
    import_file (self, file);
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SbWindow *self = user_data;
  g_autoptr(GtkFileFilter) filter = picture_filter ();

  sb_choose_file_async (GTK_WINDOW (self), SB_CHOOSE_OPEN, _("Import a Picture"), _("_Import"),
                        filter, NULL, self->cancellable, on_import_chosen, g_object_ref (self));
}

static void
on_clipboard_texture (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);

  if (texture == NULL)
    {
      show_toast (self, _("The clipboard holds no picture to paste"));
      return;
    }

  import_texture (self, texture);
}

static void
paste_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SbWindow *self = user_data;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  gdk_clipboard_read_texture_async (clipboard, self->cancellable, on_clipboard_texture, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SbWindow      *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      if (any)
        import_file (self, files->data);
      g_slist_free (files);
      return any;
    }

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      import_texture (self, g_value_get_object (value));
      return TRUE;
    }

  return FALSE;
}

static void
undo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  sb_sketch_undo (SB_WINDOW (user_data)->sketch);
}

static void
redo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  sb_sketch_redo (SB_WINDOW (user_data)->sketch);
}

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  SbWindow *self = user_data;

  /* Undoable, so no confirmation: say how to get it back. */
  sb_sketch_clear (self->sketch);
  show_toast (self, _("Canvas cleared: Ctrl+Z brings it back"));
}

static void
bigger_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SbWindow *self = user_data;
  double width = sb_sketch_get_width (self->sketch);

  sb_sketch_set_width (self->sketch, MAX (width + 1, round (width * 1.25)));
}

static void
smaller_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SbWindow *self = user_data;
  double width = sb_sketch_get_width (self->sketch);

  sb_sketch_set_width (self->sketch, MIN (width - 1, round (width / 1.25)));
}

static void
on_color_chosen (SbWindow *self)
{
  g_autoptr(GdkRGBA) rgba = NULL;

  g_object_get (self->color_button, "rgba", &rgba, NULL);
  sb_sketch_set_color (self->sketch,
                       ((guint32) round (rgba->red * 255) << 16) |
                       ((guint32) round (rgba->green * 255) << 8) |
                       (guint32) round (rgba->blue * 255));
  sb_sketch_set_tool (self->sketch, SB_TOOL_PEN);
}

static void
setup_sketch_actions (SbWindow *self)
{
  static const GActionEntry entries[] = {
    { "undo", undo_action },
    { "redo", redo_action },
    { "clear", clear_action },
    { "import", import_action },
    { "paste", paste_action },
    { "bigger", bigger_action },
    { "smaller", smaller_action },
  };
  static const char *properties_as_actions[] = { "tool", "width", "color", "smoothing", "extraction" };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkDropTarget *drop;

  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (properties_as_actions); i++)
    {
      g_autoptr(GPropertyAction) action = g_property_action_new (properties_as_actions[i], self->sketch,
                                                                 properties_as_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }

  g_object_bind_property (self->sketch, "can-undo",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "undo"), "enabled",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sketch, "can-redo",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "redo"), "enabled",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->sketch, "empty",
                          g_action_map_lookup_action (G_ACTION_MAP (group), "clear"), "enabled",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sketch", G_ACTION_GROUP (group));

  g_object_bind_property (self->sketch, "width", self->width_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->color_button = sb_color_button_new (&(GdkRGBA) { 0x91 / 255., 0x41 / 255., 0xac / 255., 1 },   /* purple */
                                            _("Pen Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->color_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pen colour"),
                                  -1);
  adw_bin_set_child (self->color_slot, self->color_button);
  g_signal_connect_object (self->color_button, "notify::rgba", G_CALLBACK (on_color_chosen), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->canvas), GTK_EVENT_CONTROLLER (drop));
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_autosave_restore_finish (SB_AUTOSAVE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

/* Closing waits for the last save: nothing drawn is lost. */
static void
on_autosave_idle (SbWindow *self)
{
  if (!sb_autosave_get_busy (self->autosave))
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
sb_window_close_request (GtkWindow *window)
{
  SbWindow *self = SB_WINDOW (window);

  if (self->autosave == NULL)
    return GDK_EVENT_PROPAGATE;

  sb_sketch_end_stroke (self->sketch);
  sb_autosave_save_now (self->autosave);
  if (!sb_autosave_get_busy (self->autosave))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect_object (self->autosave, "notify::busy", G_CALLBACK (on_autosave_idle), self, G_CONNECT_SWAPPED);
  return GDK_EVENT_STOP;
}

static void
send_to_canvas_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  import_file (self, file);
}

/* Tracing: a picture shown faintly over the page, to draw over. */
static void
on_trace_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, &error);

  if (texture == NULL)
    show_error (self, error);
  else
    sb_canvas_set_tracing (self->canvas, texture);
}

static void
trace_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sb_texture_load_async (file, self->cancellable, on_trace_loaded, g_object_ref (self));
}

static void
clear_tracing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sb_canvas_set_tracing (SB_WINDOW (widget)->canvas, NULL);
}

static void
on_tracing_changed (SbWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear-tracing", sb_canvas_get_tracing (self->canvas) != NULL);
}

/* Delete, with a moment to take it back: the image leaves the gallery at
 * once; its file goes only when the toast does, unless Undo was pressed. */
typedef struct {
  SbWindow       *self;
  SbHistoryEntry *entry;
  GFile          *file;
  AdwToast       *toast;
  gboolean        undone;
} Deletion;

static void
on_delete_undo (Deletion *deletion)
{
  g_autofree char *name = g_file_get_basename (deletion->file);

  deletion->undone = TRUE;
  sb_history_entry_add_image (deletion->entry, name);
  sb_history_changed (deletion->self->history, deletion->entry);
}

static void
on_delete_dismissed (Deletion *deletion)
{
  if (!deletion->undone)
    g_file_delete_async (deletion->file, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (g_object_get_data (G_OBJECT (deletion->self), "sb-delete-toast") == deletion->toast)
    g_object_set_data (G_OBJECT (deletion->self), "sb-delete-toast", NULL);

  g_object_unref (deletion->self);
  g_object_unref (deletion->entry);
  g_object_unref (deletion->file);
  g_free (deletion);
}

static void
delete_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  g_autofree char *name = g_file_get_basename (file);
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  Deletion *deletion;
  AdwToast *toast;

  if (entry == NULL || !sb_history_entry_remove_image (entry, name))
    return;
  sb_history_changed (self->history, entry);

  deletion = g_new0 (Deletion, 1);
  deletion->self = g_object_ref (self);
  deletion->entry = g_object_ref (entry);
  deletion->file = g_object_ref (file);

  toast = adw_toast_new (_("Picture deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_swapped (toast, "button-clicked", G_CALLBACK (on_delete_undo), deletion);
  g_signal_connect_swapped (toast, "dismissed", G_CALLBACK (on_delete_dismissed), deletion);
  /* The latest such toast, for tests to press Undo on; gone when it is. */
  deletion->toast = toast;
  g_object_set_data (G_OBJECT (self), "sb-delete-toast", toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Pictures a generation made but could not save: fetched again, while
 * DashScope keeps them (24 hours). */
static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) directory = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_directory (self->history, directory) : NULL;
  SbJob *job;

  if (entry == NULL || self->queue == NULL)
    return;

  job = sb_history_resume_entry (self->history, self->queue, entry);
  if (job == NULL)
    {
      show_toast (self, _("DashScope no longer keeps these pictures (24 hours)"));
      return;
    }
  watch_job (self, job);
  g_signal_connect_object (job, "notify::state", G_CALLBACK (update_usage), self, G_CONNECT_SWAPPED);
}

/* The prompt, style, weight, count and the very sketch of a generation. */
static void
reuse_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  g_autoptr(GFile) sketch = NULL;
  SbParams *params;

  if (entry == NULL)
    return;

  params = sb_history_entry_get_params (entry);
  gtk_editable_set_text (GTK_EDITABLE (self->prompt_entry), sb_params_get_prompt (params));
  gtk_drop_down_set_selected (self->style_dropdown, sb_params_get_style (params));
  gtk_adjustment_set_value (self->weight_adjustment, sb_params_get_sketch_weight (params));
  gtk_adjustment_set_value (self->count_adjustment, sb_params_get_count (params));

  /* A sketch that was already online was never kept: only the settings come back. */
  if (g_strcmp0 (sb_history_entry_get_upload_method (entry), "url") != 0)
    {
      sketch = g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png");
      import_file (self, sketch);
    }
}

/* GSettings stores the style by its nick; the drop-down by its position. */
static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  SbStyle style;

  if (!sb_style_from_nick (g_variant_get_string (variant, NULL), &style))
    return FALSE;

  g_value_set_uint (value, style);
  return TRUE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= SB_N_STYLES)
    return NULL;

  return g_variant_new_string (sb_style_to_nick (position));
}

static GListModel *
create_style_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    gtk_string_list_append (list, sb_style_get_label (style));

  return G_LIST_MODEL (list);
}

static void
setup_weight_scale (SbWindow *self)
{
  gtk_adjustment_set_lower (self->weight_adjustment, SB_SKETCH_WEIGHT_MIN);
  gtk_adjustment_set_upper (self->weight_adjustment, SB_SKETCH_WEIGHT_MAX);
  gtk_adjustment_set_value (self->weight_adjustment, SB_SKETCH_WEIGHT_DEFAULT);

  for (int i = SB_SKETCH_WEIGHT_MIN; i <= SB_SKETCH_WEIGHT_MAX; i++)
    {
      const char *markup = NULL;

      if (i == SB_SKETCH_WEIGHT_MIN)
        markup = _("Loosely");
      else if (i == SB_SKETCH_WEIGHT_MAX)
        markup = _("Strictly");

      gtk_scale_add_mark (self->weight_scale, i, GTK_POS_BOTTOM, markup);
    }
}

static void
bind_settings (SbWindow *self)
{
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "style",
                                self->style_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                style_get_mapping, style_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "sketch-weight", self->weight_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "image-count", self->count_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
}

static void
sb_window_constructed (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  G_OBJECT_CLASS (sb_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  bind_settings (self);

  self->schedule = sb_poll_schedule_new ();
  sb_environment_load_schedule (self->settings, self->schedule);
  update_service_banner (self);
  g_signal_connect_object (self->settings, "changed::region", G_CALLBACK (update_service_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::custom-base-url", G_CALLBACK (update_service_banner), self, G_CONNECT_SWAPPED);

  if (self->data_directory != NULL)
    {
      g_autoptr(GFile) history = g_file_get_child (self->data_directory, "history");

      self->autosave = sb_autosave_new (self->sketch, self->data_directory);
      sb_autosave_restore_async (self->autosave, self->cancellable, on_restored, g_object_ref (self));
      self->history = sb_history_new (history);
      sb_history_load_async (self->history, self->cancellable, on_history_loaded, g_object_ref (self));
      g_signal_connect_object (self->history, "items-changed", G_CALLBACK (update_usage), self, G_CONNECT_SWAPPED);
      /* A full disk: the entry on disk is still the previous, whole one. */
      g_signal_connect_object (self->history, "save-failed", G_CALLBACK (show_error), self, G_CONNECT_SWAPPED);
    }
  setup_gallery (self);
  update_usage (self);

  /* The pre-flight line follows everything it shows. */
  g_signal_connect_object (self->prompt_entry, "changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_dropdown, "notify::selected", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->weight_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->count_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sketch, "edited", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sketch, "notify::extraction", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::upload-method", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::sketch-url", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  update_preflight (self);
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->offline, g_ptr_array_unref);
  g_clear_object (&self->active_filter);
  g_clear_object (&self->gallery_model);
  g_clear_object (&self->queue);
  g_clear_object (&self->history);
  g_clear_object (&self->uploader);
  g_clear_object (&self->client);
  g_clear_object (&self->schedule);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_WINDOW);
  g_clear_object (&self->autosave);
  g_clear_object (&self->sketch);
  g_clear_object (&self->settings);
  g_clear_object (&self->data_directory);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_window_parent_class)->dispose (object);
}

static void
sb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbWindow *self = SB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_DATA_DIRECTORY:
      g_value_set_object (value, self->data_directory);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbWindow *self = SB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_DATA_DIRECTORY:
      self->data_directory = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_window_class_init (SbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sb_window_constructed;
  object_class->dispose = sb_window_dispose;
  object_class->get_property = sb_window_get_property;
  object_class->set_property = sb_window_set_property;

  /**
   * SbWindow:settings:
   *
   * Where the window keeps its size and the last-used parameters.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SbWindow:data-directory:
   *
   * Where the sketch is autosaved; NULL for none (tests).
   */
  properties[PROP_DATA_DIRECTORY] =
    g_param_spec_object ("data-directory", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = sb_window_close_request;

  g_type_ensure (SB_TYPE_CANVAS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, prompt_entry);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, prompt_counter);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, weight_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, weight_scale);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, weight_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, color_slot);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_banner);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_notice_close);
  gtk_widget_class_bind_template_callback (widget_class, on_service_notice_hidden);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, job_status);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, jobs_list);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, preflight_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, usage_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_search);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_style);
  /* Not kept in the struct, but reachable by name (the tests look). */
  gtk_widget_class_bind_template_child_full (widget_class, "undo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "redo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "clear_button", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", "s", sweep_action);
  gtk_widget_class_install_action (widget_class, "win.focus-prompt", NULL, focus_prompt_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-prompt", NULL);
  gtk_widget_class_install_action (widget_class, "win.copy-details", "s", copy_details_action);
  gtk_widget_class_install_action (widget_class, "win.send-to-canvas", "s", send_to_canvas_action);
  gtk_widget_class_install_action (widget_class, "win.delete-image", "s", delete_image_action);
  gtk_widget_class_install_action (widget_class, "win.reuse", "s", reuse_action);
  gtk_widget_class_install_action (widget_class, "win.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "win.trace", "s", trace_action);
  gtk_widget_class_install_action (widget_class, "win.clear-tracing", NULL, clear_tracing_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.generate", NULL);

  /* Bubble-phase bindings: a focused text field gets its keys first, so
   * typing "b" in the prompt types a b. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "sketch.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "sketch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "sketch.tool", "s", "pen");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "sketch.tool", "s", "eraser");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "sketch.smaller", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "sketch.bigger", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "sketch.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "sketch.import", NULL);
}

static void
sb_window_init (SbWindow *self)
{
  g_autoptr(GListModel) styles = create_style_model ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The development build's striped header bar, from libadwaita's style. */
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* GTK 4.8 names a button by its label property *and* the label it is
   * labelled by, so screen readers would say "Generate Generate". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->generate_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  /* Newer GTK labels a drop-down by its selected item, which outranks the
   * label we give it: screen readers would say "Auto", not "Style". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->style_dropdown),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->gallery_style),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->cancellable = g_cancellable_new ();
  self->offline = g_ptr_array_new_with_free_func ((GDestroyNotify) generation_free);
  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, 0);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  self->sketch = sb_sketch_new ();
  sb_canvas_set_sketch (self->canvas, self->sketch);
  setup_sketch_actions (self);
  g_signal_connect_object (self->canvas, "notify::tracing", G_CALLBACK (on_tracing_changed), self, G_CONNECT_SWAPPED);
  on_tracing_changed (self);

  gtk_entry_set_max_length (self->prompt_entry, SB_PROMPT_MAX_CHARS);
  g_signal_connect_object (gtk_entry_get_buffer (self->prompt_entry), "notify::length",
                           G_CALLBACK (update_prompt_counter), self, G_CONNECT_SWAPPED);
  update_prompt_counter (self);

  gtk_drop_down_set_model (self->style_dropdown, styles);

  setup_weight_scale (self);
  g_signal_connect_object (self->weight_adjustment, "value-changed",
                           G_CALLBACK (update_weight_label), self, G_CONNECT_SWAPPED);
  update_weight_label (self);

  gtk_adjustment_set_lower (self->count_adjustment, SB_IMAGE_COUNT_MIN);
  gtk_adjustment_set_upper (self->count_adjustment, SB_IMAGE_COUNT_MAX);
  gtk_adjustment_set_value (self->count_adjustment, SB_IMAGE_COUNT_DEFAULT);
}

/**
 * sb_window_new:
 * @data_directory: (nullable): where the sketch is autosaved
 */
SbWindow *
sb_window_new (GtkApplication *application,
               GSettings      *settings,
               GFile          *data_directory)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SB_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "data-directory", data_directory,
                       NULL);
}

SbSketch *
sb_window_get_sketch (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->sketch;
}
