/* sb-widget-compat.c: the one place that picks between Debian 12's widgets
 * and their successors on a current GNOME runtime
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-widget-compat"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-style.h"
#include "sb-widget-compat.h"

/* Preferences */

void
sb_prefs_dialog_set_size (GtkWidget *preferences,
                          int        width,
                          int        height)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_set_content_width (ADW_DIALOG (preferences), width);
  adw_dialog_set_content_height (ADW_DIALOG (preferences), height);
#else
  gtk_window_set_default_size (GTK_WINDOW (preferences), width, height);
#endif
}

void
sb_prefs_dialog_present (GtkWidget *preferences,
                         GtkWidget *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (preferences), parent);
#else
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_present (GTK_WINDOW (preferences));
#endif
}

/* Where the keyboard is when it opens. */
void
sb_prefs_dialog_set_focus (GtkWidget *preferences,
                           GtkWidget *focus)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_set_focus (ADW_DIALOG (preferences), focus);
#else
  gtk_window_set_focus (GTK_WINDOW (preferences), focus);
#endif
}

void
sb_prefs_dialog_close (GtkWidget *preferences)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (preferences));
#else
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
}

void
sb_prefs_dialog_add_toast (GtkWidget *preferences,
                           AdwToast  *toast)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (preferences), toast);
#else
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (preferences), toast);
#endif
}

/* Alerts */

GtkWidget *
sb_alert_new (const char *heading,
              const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return GTK_WIDGET (adw_alert_dialog_new (heading, body));
#else
  return adw_message_dialog_new (NULL, heading, body);
#endif
}

void
sb_alert_add_response (GtkWidget            *alert,
                       const char           *id,
                       const char           *label,
                       AdwResponseAppearance appearance)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), id, label);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), id, appearance);
#else
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), id, label);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (alert), id, appearance);
#endif
}

void
sb_alert_set_responses (GtkWidget  *alert,
                        const char *default_response,
                        const char *close_response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), default_response);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), close_response);
#else
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (alert), default_response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (alert), close_response);
#endif
}

/* The alert goes with its window: a dialog inside it on 1.5, a transient
 * window destroyed with it before. */
void
sb_alert_present (GtkWidget *alert,
                  GtkWindow *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (alert), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (alert), parent);
  gtk_window_set_modal (GTK_WINDOW (alert), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (alert), TRUE);
  gtk_window_present (GTK_WINDOW (alert));
#endif
}

/* The alert shown over parent, or NULL. */
GtkWidget *
sb_alert_find (GtkWindow *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = NULL;

  if (ADW_IS_APPLICATION_WINDOW (parent))
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (parent));
  else if (ADW_IS_WINDOW (parent))
    dialog = adw_window_get_visible_dialog (ADW_WINDOW (parent));
  return ADW_IS_ALERT_DIALOG (dialog) ? GTK_WIDGET (dialog) : NULL;
#else
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return GTK_WIDGET (window);
    }
  return NULL;
#endif
}

const char *
sb_alert_get_heading (GtkWidget *alert)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert));
#else
  return adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (alert));
#endif
}

/* As if the user had pressed that button. */
void
sb_alert_respond (GtkWidget  *alert,
                  const char *id)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  /* AdwAlertDialog has no public way to answer itself: what its buttons do. */
  g_signal_emit_by_name (alert, "response", id);
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (alert), id);
#endif
}

/* About */

void
sb_about_present (GtkWindow *parent)
{
  static const char *developers[] = { "The Sketchbloom developers", NULL };
#if ADW_CHECK_VERSION (1, 5, 0)
  /* Name, version, developer, licence, links and this version's release
   * notes all come from the metainfo, so the store and the app agree. */
  AdwDialog *about = adw_about_dialog_new_from_appdata (RESOURCE_PREFIX "/metainfo.xml", PACKAGE_VERSION);

  adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
  /* AppStream before 1.0 does not read <developer>. */
  adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), developers[0]);
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (about), developers);
  /* Translators: replace with your names, one per line */
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (about), _("translator-credits"));
  adw_dialog_present (about, GTK_WIDGET (parent));
#else
  GtkWidget *about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                                   "transient-for", parent,
                                   "application-name", _("Sketchbloom"),
                                   "application-icon", APP_ID,
                                   "version", PACKAGE_VERSION,
                                   "comments", _("Turn your sketches into finished pictures"),
                                   "developers", developers,
                                   /* Translators: replace with your names, one per line */
                                   "translator-credits", _("translator-credits"),
                                   "license-type", GTK_LICENSE_GPL_3_0,
                                   "website", "https://github.com/sketchbloom/sketchbloom",
                                   "issue-url", "https://github.com/sketchbloom/sketchbloom/issues",
                                   NULL);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

/* The About shown for parent, or NULL. Both kinds have "application-name",
 * "version" and "release-notes". */
GtkWidget *
sb_about_find (GtkWindow *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = ADW_IS_APPLICATION_WINDOW (parent)
                        ? adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (parent)) : NULL;

  return ADW_IS_ABOUT_DIALOG (dialog) ? GTK_WIDGET (dialog) : NULL;
#else
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window) && gtk_window_get_transient_for (window) == parent)
        return GTK_WIDGET (window);
    }
  return NULL;
#endif
}

/* Colour */

/* Narrower than this, the drawing takes the whole window (in sp: large
 * text folds sooner). */
#define SPLIT_FOLD_WIDTH "max-width: 860sp"

/* Beside the drawing, the gallery takes this share of the window; at the
 * least, two columns of pictures and the list's padding (GTK 4.8 clipped
 * the second column in 320 px). */
#define SPLIT_SIDEBAR_FRACTION 0.36
#define SPLIT_MIN_SIDEBAR      340
#define SPLIT_MAX_SIDEBAR      1600

#if !ADW_CHECK_VERSION (1, 4, 0)
typedef struct
{
  GWeakRef flap;
  GWeakRef window;
} FlapFollower;

static void
flap_follower_free (gpointer data)
{
  FlapFollower *follower = data;

  g_weak_ref_clear (&follower->flap);
  g_weak_ref_clear (&follower->window);
  g_free (follower);
}

static gboolean
follow_flap (gpointer data)
{
  FlapFollower *follower = data;
  g_autoptr(AdwFlap) flap = g_weak_ref_get (&follower->flap);
  g_autoptr(GObject) window = g_weak_ref_get (&follower->window);

  if (flap != NULL && window != NULL)
    g_object_set (window, "narrow", adw_flap_get_folded (flap), NULL);
  return G_SOURCE_REMOVE;
}

/* The gallery's share of a wide window, as AdwOverlaySplitView gives it
 * (AdwFlap gives its flap only its natural width: 320 px at 2560). Set
 * once the frame is done, from the window's width. */
static gboolean
share_flap_width (gpointer data)
{
  FlapFollower *follower = data;
  g_autoptr(AdwFlap) flap = g_weak_ref_get (&follower->flap);
  g_autoptr(GtkWidget) window = g_weak_ref_get (&follower->window);
  int width, height;

  if (flap == NULL || window == NULL || adw_flap_get_flap (flap) == NULL)
    return G_SOURCE_REMOVE;
  /* Both asked for: GTK 4.8 writes both. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  width = width > 0 ? CLAMP ((int) (width * SPLIT_SIDEBAR_FRACTION), SPLIT_MIN_SIDEBAR, SPLIT_MAX_SIDEBAR)
                    : SPLIT_MIN_SIDEBAR;
  gtk_widget_set_size_request (adw_flap_get_flap (flap), width, -1);
  return G_SOURCE_REMOVE;
}

/* @follow runs once the frame is done, with weak references to both. */
static void
follow_later (AdwFlap     *flap,
              GObject     *window,
              GSourceFunc  follow)
{
  FlapFollower *follower = g_new0 (FlapFollower, 1);

  g_weak_ref_init (&follower->flap, flap);
  g_weak_ref_init (&follower->window, window);
  g_idle_add_full (G_PRIORITY_HIGH_IDLE, follow, follower, flap_follower_free);
}

static void
on_window_width (GObject    *window,
                 GParamSpec *pspec,
                 AdwFlap    *flap)
{
  follow_later (flap, window, share_flap_width);
}

static void
on_flap_folded (AdwFlap    *flap,
                GParamSpec *pspec,
                GObject    *window)
{
  follow_later (flap, window, follow_flap);
}
#endif

GtkWidget *
sb_split_new (AdwApplicationWindow *window,
              GtkWidget            *content,
              GtkWidget            *sidebar)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  AdwOverlaySplitView *split = ADW_OVERLAY_SPLIT_VIEW (adw_overlay_split_view_new ());
  AdwBreakpoint *breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse (SPLIT_FOLD_WIDTH));

  adw_overlay_split_view_set_content (split, content);
  adw_overlay_split_view_set_sidebar (split, sidebar);
  adw_overlay_split_view_set_sidebar_position (split, GTK_PACK_END);
  /* Wide windows give the gallery room for bigger pictures. */
  adw_overlay_split_view_set_sidebar_width_fraction (split, SPLIT_SIDEBAR_FRACTION);
  adw_overlay_split_view_set_min_sidebar_width (split, SPLIT_MIN_SIDEBAR);
  adw_overlay_split_view_set_max_sidebar_width (split, SPLIT_MAX_SIDEBAR);

  /* Over the drawing, the gallery takes no more than a phone's width: a
   * collapsed sidebar is as wide as the view up to its maximum, and at
   * 800 px covered all of the drawing. */
  adw_breakpoint_add_setters (breakpoint,
                              G_OBJECT (split), "collapsed", TRUE,
                              G_OBJECT (split), "show-sidebar", FALSE,
                              G_OBJECT (split), "max-sidebar-width", 420.0,
                              G_OBJECT (window), "narrow", TRUE,
                              NULL);
  adw_application_window_add_breakpoint (window, breakpoint);
  return GTK_WIDGET (split);
#else
  AdwFlap *flap = ADW_FLAP (adw_flap_new ());

  adw_flap_set_content (flap, content);
  adw_flap_set_flap (flap, sidebar);
  adw_flap_set_separator (flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_flap_set_flap_position (flap, GTK_PACK_END);
  adw_flap_set_fold_policy (flap, ADW_FLAP_FOLD_POLICY_AUTO);
  adw_flap_set_fold_threshold_policy (flap, ADW_FOLD_THRESHOLD_POLICY_MINIMUM);
  adw_flap_set_transition_type (flap, ADW_FLAP_TRANSITION_TYPE_OVER);
  adw_flap_set_swipe_to_open (flap, FALSE);
  /* The flap folds while it is being laid out, when the rest of the window
   * must not change: "narrow" follows once the frame is done. */
  g_signal_connect_object (flap, "notify::folded", G_CALLBACK (on_flap_folded), window, 0);
  g_signal_connect_object (window, "notify::default-width", G_CALLBACK (on_window_width), flap, 0);
  on_window_width (G_OBJECT (window), NULL, flap);
  return GTK_WIDGET (flap);
#endif
}

const char *
sb_split_get_folded_property (void)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return "collapsed";
#else
  return "folded";
#endif
}

const char *
sb_split_get_revealed_property (void)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  return "show-sidebar";
#else
  return "reveal-flap";
#endif
}

/* Files */

#if GTK_CHECK_VERSION (4, 10, 0)
static void
on_file_dialog_done (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  GError *error = NULL;
  GFile *file;

  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case SB_CHOOSE_OPEN:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;
    case SB_CHOOSE_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;
    default:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;
    }

  if (file != NULL)
    g_task_return_pointer (task, file, g_object_unref);
  else
    g_task_return_error (task, error);
}
#else
static void
on_native_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    g_task_return_pointer (task, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)), g_object_unref);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dismissed");
  g_object_unref (dialog);
}
#endif

/* Fails with G_IO_ERROR_CANCELLED (GtkDialogError on newer GTK) when the
 * user dismisses it: callers ignore both. */
void
sb_choose_file_async (GtkWindow          *parent,
                      SbChooseMode        mode,
                      const char         *title,
                      const char         *accept_label,
                      GtkFileFilter      *filter,
                      GFile              *initial_folder,
                      const char         *initial_name,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_choose_file_async);
  g_task_set_task_data (task, GINT_TO_POINTER (mode), NULL);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, accept_label);
    if (filter != NULL)
      gtk_file_dialog_set_default_filter (dialog, filter);
    if (initial_folder != NULL)
      gtk_file_dialog_set_initial_folder (dialog, initial_folder);
    if (initial_name != NULL)
      gtk_file_dialog_set_initial_name (dialog, initial_name);

    if (mode == SB_CHOOSE_OPEN)
      gtk_file_dialog_open (dialog, parent, cancellable, on_file_dialog_done, task);
    else if (mode == SB_CHOOSE_SAVE)
      gtk_file_dialog_save (dialog, parent, cancellable, on_file_dialog_done, task);
    else
      gtk_file_dialog_select_folder (dialog, parent, cancellable, on_file_dialog_done, task);
  }
#else
  {
    static const GtkFileChooserAction actions[] = {
      [SB_CHOOSE_OPEN] = GTK_FILE_CHOOSER_ACTION_OPEN,
      [SB_CHOOSE_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
      [SB_CHOOSE_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
    };
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, parent, actions[mode], accept_label, NULL);

    if (filter != NULL)
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    if (initial_folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), initial_folder, NULL);
    if (initial_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), initial_name);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
    g_signal_connect (dialog, "response", G_CALLBACK (on_native_response), task);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

GFile *
sb_choose_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Launchers */

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean shown;

#if GTK_CHECK_VERSION (4, 10, 0)
  if (g_task_get_source_tag (task) == sb_open_file_async)
    shown = gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (source), result, &error);
  else
    shown = gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (source), result, &error);
  /* The desktop asked which app to use (and may have said there is none);
   * the user said no: nothing to add. */
  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "dismissed");
    }
#else
  shown = gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error);
#endif
  if (shown)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
launch (GtkWindow           *parent,
        GFile               *file,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  gboolean folder = source_tag == sb_show_in_folder_async;
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  g_task_set_source_tag (task, source_tag);
  if (folder)
    gtk_file_launcher_open_containing_folder (launcher, parent, cancellable, on_launched, task);
  else
    gtk_file_launcher_launch (launcher, parent, cancellable, on_launched, task);
#else
  g_autoptr(GFile) folder_file = folder ? g_file_get_parent (file) : g_object_ref (file);
  g_autofree char *uri = g_file_get_uri (folder_file);

  g_task_set_source_tag (task, source_tag);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, cancellable, on_launched, task);
#endif
}

/* Finishes with an error when the desktop could not show the folder, and
 * with G_IO_ERROR_CANCELLED when the user dismissed its question (in the
 * sandbox, the OpenURI portal's "Open With…"). */
void
sb_show_in_folder_async (GtkWindow           *parent,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  launch (parent, file, sb_show_in_folder_async, cancellable, callback, user_data);
}

/* The file itself, in the app the desktop opens it with. Finishes as
 * sb_show_in_folder_async() does. */
void
sb_open_file_async (GtkWindow           *parent,
                    GFile               *file,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  launch (parent, file, sb_open_file_async, cancellable, callback, user_data);
}

gboolean
sb_show_in_folder_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GListModel *
sb_style_list_new (const char *first)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (first != NULL)
    gtk_string_list_append (list, first);
  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    gtk_string_list_append (list, sb_style_get_label (style));

  return G_LIST_MODEL (list);
}

/* The nicks of an enum key, in the schema's order: the rows' order. */
static GStrv
enum_nicks (GSettings  *settings,
            const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", NULL, &nicks);
  return g_variant_dup_strv (nicks, NULL);
}

/* GSettings keeps enum keys by nick; a combo row by position. */
static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[position]);
}

/**
 * sb_settings_bind_enum_position:
 * @key: an enum key
 * @property: a position (a drop-down's or combo row's "selected")
 *
 * Binds an enum key, kept by nick, to a list position: the positions are
 * the schema's order of the enum's values.
 */
void
sb_settings_bind_enum_position (GSettings  *settings,
                                const char *key,
                                gpointer    object,
                                const char *property)
{
  g_settings_bind_with_mapping (settings, key, object, property, G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick, enum_nicks (settings, key),
                                (GDestroyNotify) g_strfreev);
}

/**
 * sb_name_inner_button:
 *
 * Composite widgets (a drop-down, a colour button) press an inner button
 * that GTK leaves unnamed, so screen readers say "GtkToggleButton": it gets
 * @name too.
 */
void
sb_name_inner_button (GtkWidget  *widget,
                      const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* Each choice is a stack of every choice's label showing one: as wide as
 * the widest, in the very font the drop-down draws with. */
static void
setup_fixed_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkStringList *strings = user_data;
  GtkWidget *stack = gtk_stack_new ();

  gtk_stack_set_hhomogeneous (GTK_STACK (stack), TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (strings)); i++)
    {
      GtkWidget *label = gtk_label_new (gtk_string_list_get_string (strings, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_stack_add_child (GTK_STACK (stack), label);
    }
  gtk_list_item_set_child (item, stack);
}

static void
bind_fixed_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  for (guint i = gtk_list_item_get_position (item); i > 0 && label != NULL; i--)
    label = gtk_widget_get_next_sibling (label);
  if (label != NULL)
    gtk_stack_set_visible_child (GTK_STACK (gtk_list_item_get_child (item)), label);
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

/**
 * sb_drop_down_set_fixed_width:
 *
 * A drop-down of strings as wide as its widest choice, whichever is
 * chosen: picking "Watercolor" after "Auto" moves nothing beside it.
 */
void
sb_drop_down_set_fixed_width (GtkDropDown *drop_down)
{
  GListModel *model = gtk_drop_down_get_model (drop_down);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_return_if_fail (GTK_IS_STRING_LIST (model));

  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_fixed_label), g_object_ref (model),
                         unref_closure_data, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_fixed_label), NULL);
  gtk_drop_down_set_factory (drop_down, factory);
}

/* Tooltips */

static void
on_menu_shown (GtkWidget  *popover,
               GParamSpec *pspec,
               GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_widget_get_visible (popover));
}

/* A menu model set again makes a new popover: followed too. */
static void
on_menu_popover (GtkMenuButton *button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  if (popover != NULL && g_object_get_data (G_OBJECT (popover), "sb-tooltip-follower") == NULL)
    {
      g_object_set_data (G_OBJECT (popover), "sb-tooltip-follower", button);
      g_signal_connect_object (popover, "notify::visible", G_CALLBACK (on_menu_shown), button, 0);
    }
}

/* The tooltip of a widget not yet on screen (a tile a row is built of).
 * Whenever a visible widget's tooltip is set, GTK asks the display where
 * the pointer is: three X round trips, each waiting for the X server to
 * finish the frame before, which a row of new tiles multiplies in the
 * frame its pictures arrive. A hidden widget's tooltip asks nothing. */
void
sb_set_new_tooltip (GtkWidget  *widget,
                    const char *text)
{
  gboolean visible = gtk_widget_get_visible (widget);

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, visible);
}

static void
on_mapped_grab (GtkWidget *widget,
                gpointer   user_data)
{
  g_signal_handlers_disconnect_by_func (widget, on_mapped_grab, user_data);
  gtk_widget_grab_focus (widget);
}

/* The keyboard to @widget: now, or as soon as it is on screen (a widget
 * not yet mapped, in a bar just shown, takes no focus). */
void
sb_grab_focus_when_mapped (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_signal_handlers_disconnect_by_func (widget, on_mapped_grab, NULL);
  if (gtk_widget_get_mapped (widget))
    gtk_widget_grab_focus (widget);
  else
    g_signal_connect (widget, "map", G_CALLBACK (on_mapped_grab), NULL);
}

/* Only a changed tooltip is set (see sb_set_new_tooltip: setting one costs
 * round trips even when it is the same). */
void
sb_set_tooltip_markup_if_new (GtkWidget  *widget,
                              const char *markup)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_markup (widget), markup) != 0)
    gtk_widget_set_tooltip_markup (widget, markup);
}

/* GTK 4.8 leaves a menu button's tooltip over the menu it opened: every
 * menu button under @root has no tooltip while its menu is open. */
void
sb_hide_tooltips_over_menus (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        {
          g_signal_connect (child, "notify::popover", G_CALLBACK (on_menu_popover), NULL);
          g_signal_connect (child, "notify::menu-model", G_CALLBACK (on_menu_popover), NULL);
          on_menu_popover (GTK_MENU_BUTTON (child));
        }
      else
        sb_hide_tooltips_over_menus (child);
    }
}

/* A bar over the top of the canvas (where the stage bar is; the repaint and
 * edit bars take its place): centred, clear of the edges, a toolbar on an
 * on-screen-display background that reads over any picture. */
void
sb_style_as_canvas_bar (GtkWidget *bar)
{
  gtk_widget_set_halign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (bar, GTK_ALIGN_START);
  gtk_widget_set_margin_top (bar, 12);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_add_css_class (bar, "osd");
  gtk_widget_add_css_class (bar, "toolbar");
}
