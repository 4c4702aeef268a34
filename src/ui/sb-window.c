/* sb-window.c: the main window
 *
 * The window lays out its parts — the tool palette, the canvas, the
 * composer, the jobs pane and the gallery — and says what happens: toasts,
 * the test-service banner, a notification when pictures are ready. It
 * autosaves the sketch and waits for the last save when closed. Its
 * actions are in sb-window-actions.c; generations run in SbGenerator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-environment.h"
#include "sb-error.h"
#include "sb-image-viewer.h"
#include "sb-usage.h"
#include "sb-widget-compat.h"
#include "sb-window-private.h"

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_GENERATOR,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
sb_window_show_toast (SbWindow   *self,
                      const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* A change to the sketch the artist may not have meant: Undo is a click away. */
void
sb_window_show_undo_toast (SbWindow   *self,
                           const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "sketch.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A prompt longer than DashScope takes: Generate (and a sweep) wait until
 * it is cut; the composer says why. */
static void
update_generate_enabled (SbWindow *self)
{
  gboolean fits = sb_composer_get_prompt_fits (self->composer_part);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate", fits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sweep", fits);
}

/* What a sweep makes and costs, said before it starts. */
static char *
describe_sweep (SbUsage     *usage,
                SbParams    *params,
                SbSweepKind  kind,
                const char  *what)
{
  guint n = sb_sweep_get_n_variants (kind);
  guint free_images = 0;
  double cost = 0;

  /* Each variant at its own engine's price and quota. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbParams) variant = sb_sweep_make_variant (kind, params, i);
      guint free_here;

      cost += sb_usage_quote (usage, sb_params_get_engine (variant), 1, &free_here);
      free_images += free_here;
    }

  if (cost == 0)
    /* Translators: a sweep menu item, e.g. "Across Sketch _Weights (6 images, free)" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u image, free)", "%s (%u images, free)", n), what, n);
  if (free_images > 0)
    /* Translators: a sweep menu item: images, how many are free, the price of the others */
    return g_strdup_printf (_("%s (%u images: %u free, then about %.2f CNY)"), what, n, free_images, cost);
  /* Translators: a sweep menu item: images, and their price */
  return g_strdup_printf (_("%s (%u images, about %.2f CNY)"), what, n, cost);
}

static void
update_sweep_menu (SbWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autofree char *weights = NULL;
  g_autofree char *styles = NULL;
  g_autofree char *engines = NULL;
  g_autoptr(SbParams) params = sb_composer_get_params (self->composer_part);
  g_autofree char *labels = NULL;
  SbUsage usage;

  sb_usage_ledger_compute (sb_generator_get_usage_ledger (self->generator), now, &usage);
  /* A weight sweep only for an engine that takes a weight. */
  if (sb_engine_takes (sb_params_get_engine (params), SB_ENGINE_TAKES_WEIGHT))
    {
      weights = describe_sweep (&usage, params, SB_SWEEP_WEIGHTS, _("Across Sketch _Weights"));
      g_menu_append (section, weights, "win.sweep::weights");
    }
  styles = describe_sweep (&usage, params, SB_SWEEP_STYLES, _("Across All _Styles"));
  engines = describe_sweep (&usage, params, SB_SWEEP_ENGINES, _("Across All _Engines"));
  /* The ledger changes with every picture billed; the menu only when its
   * words do. A new popover is a few milliseconds and, through its items'
   * tooltips, X round trips, in the frame the pictures arrive. */
  labels = g_strjoin ("\n", styles, engines, weights, NULL);
  if (g_strcmp0 (labels, self->sweep_labels) == 0)
    return;
  g_free (self->sweep_labels);
  self->sweep_labels = g_steal_pointer (&labels);
  g_menu_append (section, styles, "win.sweep::styles");
  g_menu_append (section, engines, "win.sweep::engines");
  g_menu_append_section (menu, _("Sweep, One Image Each"), G_MENU_MODEL (section));
  gtk_menu_button_set_menu_model (self->sweep_button, G_MENU_MODEL (menu));
}

/* A toast that says what went wrong and what to do: the way to the setting
 * that fixes it, or else the service's code and request_id a click away
 * (Copy Details). */
void
sb_window_show_error (SbWindow     *self,
                      const GError *error)
{
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  title = sb_error_format_summary (error);
  details = sb_error_format_report (error);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 10);
  if (sb_error_is_fixed_in_preferences (error))
    {
      adw_toast_set_button_label (toast, _("Open _Preferences"));
      adw_toast_set_action_name (toast, "app.preferences");
    }
  else
    {
      adw_toast_set_button_label (toast, _("Copy _Details"));
      adw_toast_set_action_name (toast, "win.copy-details");
      adw_toast_set_action_target_value (toast, g_variant_new_string (details));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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

static void update_gallery_button (SbWindow *self);

/* The window is told how the jobs it started end. */
void
sb_window_watch_job (SbWindow *self,
                     SbJob    *job)
{
  g_hash_table_add (self->jobs, g_object_ref (job));
  update_gallery_button (self);
}

/* The folded gallery's button: a spinner while this window's generations
 * run, and how many pictures came that the artist has not seen. */
static void
update_gallery_button (SbWindow *self)
{
  g_autofree char *count = g_strdup_printf ("%u", MIN (self->unseen, 99));
  g_autofree char *spoken = NULL;
  gboolean running = g_hash_table_size (self->jobs) > 0;

  if (gtk_toggle_button_get_active (self->gallery_button))
    self->unseen = 0;
  gtk_label_set_label (GTK_LABEL (self->gallery_badge), count);
  gtk_widget_set_visible (self->gallery_badge, self->unseen > 0);
  gtk_widget_set_visible (self->gallery_spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->gallery_spinner), running);

  if (self->unseen > 0)
    spoken = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show the gallery: %u new picture",
                                           "Show the gallery: %u new pictures", self->unseen), self->unseen);
  else if (running)
    spoken = g_strdup (_("Show the gallery: pictures are being made"));
  else
    spoken = g_strdup (_("Show the gallery"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->gallery_button), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  /* The shortcut in the tooltip when there is nothing more to say. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->gallery_button),
                               self->unseen > 0 || running ? spoken : _("Show the gallery (F9)"));
}

/* Pictures of this window's generation arrived: over the drawing if the
 * artist has not drawn on since Generate (sb-stage.c); with the gallery
 * folded away, counted on its button and offered in a toast. */
static void
present_arrivals (SbWindow  *self,
                  GPtrArray *arrived)
{
  SbHistory *history = sb_generator_get_history (self->generator);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *title = NULL;
  SbHistoryEntry *entry;
  AdwToast *toast;

  if (arrived->len == 0)
    return;
  /* A sweep's variants over the drawing together, as they come. */
  entry = sb_history_find_image (history, g_ptr_array_index (arrived, 0));
  files = entry != NULL && sb_history_entry_get_sweep_id (entry) != NULL ? sb_history_get_sweep_files (history, entry)
                                                                         : g_ptr_array_ref (arrived);
  sb_stage_offer (self->stage, files);
  if (!self->narrow || gtk_toggle_button_get_active (self->gallery_button))
    return;

  self->unseen += arrived->len;
  update_gallery_button (self);
  g_clear_pointer (&self->ready, g_ptr_array_unref);
  self->ready = g_ptr_array_ref (files);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u picture ready", "%u pictures ready", files->len),
                           files->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_View"));
  adw_toast_set_action_name (toast, "win.view-ready");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The toast's View: the pictures over the drawing, the first on show. */
void
sb_window_view_ready (SbWindow *self)
{
  if (self->ready == NULL || self->ready->len == 0)
    return;
  sb_stage_show (self->stage, self->ready, 0);
  self->unseen = 0;
  update_gallery_button (self);
}

static void
on_job_finished (SbGenerator *generator,
                 SbJob       *job,
                 SbWindow    *self)
{
  const GError *error = sb_job_get_error (job);

  if (!g_hash_table_remove (self->jobs, job))
    return;
  update_gallery_button (self);

  if (sb_job_get_state (job) == SB_JOB_DONE)
    {
      present_arrivals (self, sb_job_get_files (job));
      /* The gallery follows the history entry; here only what to say:
       * some images may have failed while others succeeded, and those
       * made but not saved can still be fetched. */
      if (sb_job_get_download_failures (job)->len > 0)
        sb_window_show_toast (self, _("Some pictures were made but not saved: Retry is in the gallery"));
      else if (sb_task_get_results (sb_job_get_task (job))->len > sb_job_get_files (job)->len)
        sb_window_show_toast (self, _("Some images could not be made; the others are in the gallery"));
      notify_done (self, job);
    }
  else if (sb_job_get_state (job) == SB_JOB_FAILED)
    {
      sb_window_show_error (self, error);
      if (g_error_matches (error, SB_ERROR, SB_ERROR_AUTH))
        gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
    }
}

/* The history: what earlier runs made, and what they left unfinished. */
static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GListModel *active = sb_generator_get_active_jobs (self->generator);
  g_autofree char *text = NULL;
  guint resumed = 0;

  if (!sb_generator_load_finish (self->generator, result, &resumed, &error))
    {
      if (sb_error_is_missing_key (error))
        sb_window_show_toast (self, _("Unfinished generations wait for a DashScope API key"));
      else
        sb_window_show_error (self, error);
      return;
    }
  if (resumed == 0)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (active); i++)
    {
      g_autoptr(SbJob) job = g_list_model_get_item (active, i);

      sb_window_watch_job (self, job);
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Finishing %u generation from last time",
                                       "Finishing %u generations from last time", resumed),
                          resumed);
  sb_window_show_toast (self, text);
}

/* A narrow window: the gallery slides over the drawing from a header
 * button, and the header keeps only what fits (the rest is in the main
 * menu). The tool palette and the composer fit themselves to their width. */
static void
set_narrow (SbWindow *self,
            gboolean  narrow)
{
  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_widget_set_visible (GTK_WIDGET (self->gallery_button), narrow);
  gtk_widget_set_visible (self->clear_button, !narrow);
  gtk_widget_set_visible (self->tracing_button, !narrow);
  gtk_widget_set_visible (self->import_button, !narrow);
  gtk_widget_set_visible (self->window_title, !narrow);
  /* Its icon alone where the header has no room for the word. */
  adw_button_content_set_label (self->sweep_content, narrow ? "" : _("Sweep"));
  /* Beside the drawing it is always shown; over it, when asked for. */
  gtk_toggle_button_set_active (self->gallery_button, !narrow);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

/* "200 %" over the canvas's corner while zoomed; a click shows the whole page. */
static void
update_zoom_button (SbWindow *self)
{
  double zoom = sb_canvas_get_zoom (self->canvas);
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), zoom > 1.0);
  if (zoom <= 1.0)
    return;

  /* Translators: the canvas's zoom, e.g. "200 %" */
  label = g_strdup_printf (_("%.0f %%"), zoom * 100);
  /* Translators: a button's name for screen readers, e.g. "Zoomed to 200 %: show the whole page" */
  name = g_strdup_printf (_("Zoomed to %s: show the whole page"), label);
  gtk_button_set_label (self->zoom_button, label);
  /* Named once, not also by its label (GTK 4.8 says both). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->zoom_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->zoom_button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* The stage and repaint bars keep to the canvas's width (compact when
 * their full form does not fit). Positioned as usual. */
static gboolean
on_canvas_overlay_position (GtkOverlay   *overlay,
                            GtkWidget    *widget,
                            GdkRectangle *allocation,
                            SbWindow     *self)
{
  int available = gtk_widget_get_width (GTK_WIDGET (overlay)) - gtk_widget_get_margin_start (widget) -
                  gtk_widget_get_margin_end (widget);

  if (widget == GTK_WIDGET (self->stage_bar))
    sb_stage_bar_fit_width (self->stage_bar, available);
  else if (widget == GTK_WIDGET (self->repaint_bar))
    sb_repaint_bar_fit_width (self->repaint_bar, available);
  return FALSE;
}

/* A picture opened from the slid-over gallery: the gallery makes way. */
static void
hide_folded_gallery (SbWindow *self)
{
  if (self->narrow)
    gtk_toggle_button_set_active (self->gallery_button, FALSE);
}

static void
on_open_image (SbGallery *gallery,
               GPtrArray *files,
               guint      position,
               SbWindow  *self)
{
  hide_folded_gallery (self);
  sb_window_view_pictures (self, files, position);
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
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->service_label), text);
  gtk_revealer_set_reveal_child (self->service_banner, TRUE);
}

/* Someone who knows can hide the notice; it comes back at the next start. */
static void
on_service_notice_hidden (SbWindow *self)
{
  self->service_notice_hidden = TRUE;
  update_service_banner (self);
}

/* The keyboard starts where the work does: on an empty canvas, or, with a
 * sketch already there, in the prompt. */
static void
focus_start (SbWindow *self)
{
  if (sb_sketch_is_empty (self->sketch))
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->canvas));
  else
    sb_composer_focus_prompt (self->composer_part);
}

/* The sketch: autosaved, and restored at the start. */
static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_autosave_restore_finish (SB_AUTOSAVE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sb_window_show_toast (self, error->message);
  /* Unless the artist has moved on meanwhile. */
  else if (gtk_window_get_focus (GTK_WINDOW (self)) == GTK_WIDGET (self->canvas))
    focus_start (self);
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

  sb_sketch_end_stroke (self->sketch);
  sb_autosave_save_now (self->autosave);
  if (!sb_autosave_get_busy (self->autosave))
    return GDK_EVENT_PROPAGATE;

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_connect_object (self->autosave, "notify::busy", G_CALLBACK (on_autosave_idle), self, G_CONNECT_SWAPPED);
  return GDK_EVENT_STOP;
}

static void
sb_window_constructed (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);
  GFile *data_directory;

  G_OBJECT_CLASS (sb_window_parent_class)->constructed (object);

  g_assert (SB_IS_GENERATOR (self->generator));
  self->settings = g_object_ref (sb_generator_get_settings (self->generator));
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

#if !ADW_CHECK_VERSION (1, 4, 0)
  /* Reopened as narrow as it was closed: narrow from the first frame, or
   * the wide header's minimum (~475 px) would widen it (libadwaita 1.4 has
   * the window's breakpoint instead). The flap folds at that width anyway. */
  if (g_settings_get_int (self->settings, "window-width") < 480)
    set_narrow (self, TRUE);
#endif

  update_service_banner (self);
  g_signal_connect_object (self->settings, "changed::region", G_CALLBACK (update_service_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::custom-base-url", G_CALLBACK (update_service_banner), self, G_CONNECT_SWAPPED);

  /* Every window of the app draws its own sketch into the same file. */
  data_directory = sb_generator_get_data_directory (self->generator);
  self->autosave = sb_autosave_new (self->sketch, data_directory);
  focus_start (self);
  sb_autosave_restore_async (self->autosave, self->cancellable, on_restored, g_object_ref (self));

  sb_composer_bind (self->composer_part, self->settings, self->sketch);
  sb_tool_palette_bind (self->tool_palette, self->settings);
  sb_jobs_pane_set_generator (self->jobs_pane, self->generator);
  sb_gallery_set_generator (self->gallery_part, self->generator);
  g_signal_connect_object (self->composer_part, "notify::prompt-fits", G_CALLBACK (update_generate_enabled), self,
                           G_CONNECT_SWAPPED);
  update_generate_enabled (self);
  g_signal_connect_object (sb_generator_get_usage_ledger (self->generator), "changed",
                           G_CALLBACK (update_sweep_menu), self, G_CONNECT_SWAPPED);
  update_sweep_menu (self);
  g_signal_connect_object (self->jobs_pane, "failed", G_CALLBACK (sb_window_show_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery_part, "open-image", G_CALLBACK (on_open_image), self, 0);
  g_signal_connect_object (self->generator, "job-finished", G_CALLBACK (on_job_finished), self, 0);
  /* A full disk, an export that failed: the entry on disk is still the
   * previous, whole one. */
  g_signal_connect_object (self->generator, "failed", G_CALLBACK (sb_window_show_error), self, G_CONNECT_SWAPPED);
  sb_generator_load_async (self->generator, self->cancellable, on_loaded, g_object_ref (self));
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_WINDOW);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->ready, g_ptr_array_unref);
  g_clear_pointer (&self->sweep_labels, g_free);
  g_clear_object (&self->repaint_mask);
  g_clear_object (&self->edit_pending_file);
  g_clear_object (&self->edit_pending_entry);
  g_clear_object (&self->edit_file);
  g_clear_object (&self->judged);
  g_cancellable_cancel (self->judging);
  g_clear_object (&self->judging);
  g_clear_object (&self->stage);
  g_clear_object (&self->autosave);
  g_clear_object (&self->sketch);
  g_clear_object (&self->settings);
  g_clear_object (&self->generator);
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
    case PROP_GENERATOR:
      g_value_set_object (value, self->generator);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
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
    case PROP_GENERATOR:
      self->generator = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      set_narrow (self, g_value_get_boolean (value));
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
   * SbWindow:generator:
   *
   * What runs the generations, shared by the app's windows; its settings
   * keep the window's size and the last-used parameters.
   */
  properties[PROP_GENERATOR] =
    g_param_spec_object ("generator", NULL, NULL,
                         SB_TYPE_GENERATOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * SbWindow:narrow:
   *
   * Whether the window is too narrow for the gallery beside the drawing.
   */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  window_class->close_request = sb_window_close_request;

  g_type_ensure (SB_TYPE_CANVAS);
  g_type_ensure (SB_TYPE_COMPOSER);
  g_type_ensure (SB_TYPE_GALLERY);
  g_type_ensure (SB_TYPE_JOBS_PANE);
  g_type_ensure (SB_TYPE_EDIT_BAR);
  g_type_ensure (SB_TYPE_REPAINT_BAR);
  g_type_ensure (SB_TYPE_STAGE_BAR);
  g_type_ensure (SB_TYPE_TOOL_PALETTE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, tool_palette);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, composer_part);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, jobs_pane);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_part);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, sweep_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_banner);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_label);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, service_notice_close);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, split_slot);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, drawing);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, drawing_page);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_pane);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, tracing_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_badge);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, sweep_content);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, gallery_spinner);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, stage_bar);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, repaint_bar);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, edit_bar);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, add_key_button);
  gtk_widget_class_bind_template_callback (widget_class, on_service_notice_hidden);
  gtk_widget_class_bind_template_callback (widget_class, on_canvas_overlay_position);
  /* Not kept in the struct, but reachable by name (the tests look). */
  gtk_widget_class_bind_template_child_full (widget_class, "undo_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "redo_button", FALSE, 0);

  sb_window_class_actions_init (klass);
}

static void
sb_window_init (SbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The development build's striped header bar, from libadwaita's style. */
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->jobs = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  /* GTK 4.8 names a button by its label *and* the label it is labelled
   * by: screen readers would say "_Add a Key Add a Key". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->add_key_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_key_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add a DashScope API key"), -1);

  /* Built here, not in the template: the split view is a different widget
   * on each libadwaita (sb-widget-compat.c). */
  self->split = sb_split_new (ADW_APPLICATION_WINDOW (self), self->drawing, self->gallery_pane);
  /* The drawing page goes under the page stack, which the viewer is pushed on. */
  g_object_ref (self->drawing_page);
  adw_toast_overlay_set_child (self->toast_overlay, NULL);
  self->pages = SB_PAGE_STACK (sb_page_stack_new (self->drawing_page, _("Sketchbloom")));
  g_object_unref (self->drawing_page);
  adw_toast_overlay_set_child (self->toast_overlay, GTK_WIDGET (self->pages));
  g_object_bind_property (self->pages, "title", self, "title", G_BINDING_SYNC_CREATE);
  adw_bin_set_child (self->split_slot, self->split);
  g_object_bind_property (self->split, sb_split_get_revealed_property (), self->gallery_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->sketch = sb_sketch_new ();
  sb_canvas_set_sketch (self->canvas, self->sketch);
  self->stage = sb_stage_new (self->sketch);
  sb_canvas_set_stage (self->canvas, self->stage);
  sb_stage_bar_set_stage (self->stage_bar, self->stage, self->canvas);
  g_signal_connect_object (self->gallery_button, "notify::active", G_CALLBACK (update_gallery_button), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::zoom", G_CALLBACK (update_zoom_button), self, G_CONNECT_SWAPPED);
  sb_tool_palette_set_sketch (self->tool_palette, self->sketch);
  sb_window_actions_init (self);
  sb_hide_tooltips_over_menus (GTK_WIDGET (self));
}

SbWindow *
sb_window_new (GtkApplication *application,
               SbGenerator    *generator)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SB_IS_GENERATOR (generator), NULL);

  return g_object_new (SB_TYPE_WINDOW,
                       "application", application,
                       "generator", generator,
                       NULL);
}

SbSketch *
sb_window_get_sketch (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->sketch;
}

/* The latest "Picture deleted" toast, while it is shown (for tests). */
AdwToast *
sb_window_get_deletion_toast (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->deletion_toast;
}

gboolean
sb_window_get_narrow (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);

  return self->narrow;
}

/* F9: the gallery in and out of a narrow window. */
void
sb_window_toggle_gallery (SbWindow *self)
{
  g_return_if_fail (SB_IS_WINDOW (self));

  if (self->narrow)
    gtk_toggle_button_set_active (self->gallery_button, !gtk_toggle_button_get_active (self->gallery_button));
}

/**
 * sb_window_view_pictures:
 * @files: (element-type GFile): a generation's pictures
 * @position: the one to show first
 *
 * Shows them in the viewer, in the window in place of the drawing: at any
 * window size it has all of the room (a window of its own was a fixed
 * size). Back and Escape return to the drawing.
 */
void
sb_window_view_pictures (SbWindow  *self,
                         GPtrArray *files,
                         guint      position)
{
  SbImageViewer *viewer;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (files != NULL && position < files->len);

  viewer = sb_image_viewer_new (files, position, sb_generator_get_history (self->generator));
  sb_image_viewer_set_compact (viewer, gtk_widget_get_width (GTK_WIDGET (self)) < SB_IMAGE_VIEWER_COMPACT_WIDTH);
  sb_page_stack_push (self->pages, GTK_WIDGET (viewer), "title");
}

/* Returns: (transfer none) (nullable): the viewer, while it is on show */
SbImageViewer *
sb_window_get_viewer (SbWindow *self)
{
  GtkWidget *page;

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  page = sb_page_stack_get_pushed (self->pages);
  return SB_IS_IMAGE_VIEWER (page) ? SB_IMAGE_VIEWER (page) : NULL;
}
