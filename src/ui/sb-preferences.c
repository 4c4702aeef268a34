/* sb-preferences.c: the preferences window
 *
 * Binds the service and upload settings to GSettings; the API key and any
 * upload header go to the keyring instead, when their row's apply button is
 * pressed. "Check" proves the key with one free request (a query for a task
 * that does not exist); "Test upload" proves the upload settings end to end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-environment.h"
#include "sb-error.h"
#include "sb-preferences.h"
#include "sb-secrets.h"
#include "sb-style.h"
#include "sb-widget-compat.h"

struct _SbPreferences
{
  SB_PREFERENCES_PARENT parent_instance;

  SbGenerator          *generator;
  GSettings            *settings;
  GCancellable         *cancellable;

  /* Template widgets */
  AdwEntryRow          *api_key_row;
  AdwActionRow         *key_status_row;
  GtkLabel             *key_help_label;
  AdwComboRow          *region_row;
  AdwEntryRow          *custom_url_row;
  AdwEntryRow          *workspace_row;
  AdwComboRow          *method_row;
  AdwActionRow         *region_warning_row;
  AdwActionRow         *region_none_row;
  AdwActionRow         *environment_row;
  AdwPreferencesGroup  *engines_group;
  AdwEntryRow          *sketch_url_row;
  AdwEntryRow          *upload_url_row;
  AdwEntryRow          *public_url_row;
  AdwEntryRow          *form_field_row;
  AdwEntryRow          *url_path_row;
  AdwEntryRow          *header_row;
  AdwActionRow         *test_row;
  AdwActionRow         *key_test_row;
  AdwComboRow          *style_row;
  GtkSpinButton        *weight_spin;
  GtkSpinButton        *count_spin;
  GtkSwitch            *export_switch;
  AdwActionRow         *export_folder_row;
};

G_DEFINE_FINAL_TYPE (SbPreferences, sb_preferences, SB_PREFERENCES_PARENT_TYPE)

/* "Serves Sketch to Image Lite and Wan 2.1 Doodle", or that it serves none. */
static char *
describe_region (guint region)
{
  g_autoptr(GString) served = g_string_new (NULL);
  guint n;
  const SbEngine * const *engines = sb_engine_get_all (&n);

  if (region == SB_REGION_CUSTOM)
    return g_strdup (_("Whatever your address serves: a gateway of your own, or a test service"));
  for (guint i = 0; region < SB_N_REGIONS && i < n; i++)
    if (engines[i]->kind == SB_ENGINE_DRAWS && sb_engine_serves (engines[i], region))
      g_string_append_printf (served, "%s%s", served->len > 0 ? ", " : "", sb_engine_get_label (engines[i]));
  /* Translators: the engines a region serves, e.g. "Serves Sketch to Image Lite, Wan 2.1 Doodle" */
  return served->len > 0 ? g_strdup_printf (_("Serves %s"), served->str) : g_strdup (_("Serves none of the engines"));
}

/* A row per engine, from the table: the in-app word on choosing. */
static void
add_engine_rows (SbPreferences *self)
{
  guint n;
  const SbEngine * const *engines = sb_engine_get_all (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *price = sb_engine_describe_price (engines[i]);
      g_autofree char *regions = sb_engine_describe_regions (engines[i]);
      /* Translators: an engine's row: its model; its price; where it is served; what it is best at */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · served in %s\n%s"), engines[i]->model, price, regions,
                                                   sb_engine_get_best_at (engines[i]));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sb_engine_get_label (engines[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);   /* all of it, wrapped */
      adw_preferences_group_add (self->engines_group, row);
    }
}

/* Shows the rows the chosen region and method need, and only those. */
/* The key or the address from the environment (scripts, the tests) wins
 * over these settings: said here, or the rows would show one service while
 * the app talks to another, and a key typed would seem to do nothing. */
static void
update_environment_row (SbPreferences *self)
{
  const char *address = g_getenv ("DASHSCOPE_HTTP_BASE_URL");
  g_autoptr(GString) text = g_string_new (NULL);

  if (address != NULL && *address != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (address, -1);

      g_string_append_printf (text, _("DASHSCOPE_HTTP_BASE_URL sends every request to %s: the region below is not used."),
                              escaped);
    }
  if (sb_secrets_key_from_environment ())
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, _("DASHSCOPE_API_KEY is the key in use: a key entered here is kept in the keyring "
                               "for when it is not set."));
    }
  adw_action_row_set_subtitle (self->environment_row, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->environment_row), text->len > 0);
}

static void
update_rows (SbPreferences *self)
{
  guint region = adw_combo_row_get_selected (self->region_row);
  SbUploadMethod method = adw_combo_row_get_selected (self->method_row);
  gboolean put = method == SB_UPLOAD_METHOD_PUT, form = method == SB_UPLOAD_METHOD_FORM;
  gboolean url = method == SB_UPLOAD_METHOD_URL;
  g_autofree char *served = describe_region (region);

  /* Regions: mainland, international, custom; which engines each serves,
   * said the moment one is chosen, not after a failed generation. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->region_row), served);
  gtk_widget_set_visible (GTK_WIDGET (self->region_none_row),
                          region < SB_N_REGIONS && !sb_engine_region_serves_any (region));
  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), region == SB_REGION_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->region_warning_row), region == 1 && method == SB_UPLOAD_METHOD_DASHSCOPE);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_url_row), put || form);
  gtk_widget_set_visible (GTK_WIDGET (self->public_url_row), put);
  gtk_widget_set_visible (GTK_WIDGET (self->form_field_row), form);
  gtk_widget_set_visible (GTK_WIDGET (self->url_path_row), form);
  gtk_widget_set_visible (GTK_WIDGET (self->header_row), put || form);
  gtk_widget_set_visible (GTK_WIDGET (self->sketch_url_row), url);
  gtk_widget_set_visible (GTK_WIDGET (self->test_row), !url);
}

/* A check's verdict on its row: the words, in green or red. */
static void
set_row_result (AdwActionRow *row,
                const char   *text,
                gboolean      success)
{
  adw_action_row_set_subtitle (row, text);
  gtk_widget_remove_css_class (GTK_WIDGET (row), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (row), success ? "success" : "error");
}

static void
set_test_result (SbPreferences *self,
                 const char    *text,
                 gboolean       ok)
{
  set_row_result (self->test_row, text, ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.test-upload", TRUE);
}

static void
on_tested (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SbPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = sb_generator_test_upload_finish (SB_GENERATOR (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (url == NULL)
    set_test_result (self, error->message, FALSE);
  else if (g_str_has_prefix (url, "oss://"))
    {
      text = g_strdup_printf (_("Uploaded to DashScope’s temporary storage (%s); only DashScope can read it back"), url);
      set_test_result (self, text, TRUE);
    }
  else
    {
      text = g_strdup_printf (_("Uploaded and read back from %s"), url);
      set_test_result (self, text, TRUE);
    }
}

static void
test_upload_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SbPreferences *self = SB_PREFERENCES (widget);

  gtk_widget_action_set_enabled (widget, "preferences.test-upload", FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Testing…"));
  sb_generator_test_upload_async (self->generator, self->cancellable, on_tested, g_object_ref (self));
}

/* The kept key's row: where the key in use comes from, or why the keyring
 * could not be used (the words say what to do). */
static void
show_key_status (SbPreferences *self,
                 gboolean       have_key,
                 const GError  *error)
{
  AdwActionRow *row = self->key_status_row;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (error != NULL && !g_error_matches (error, SB_ERROR, SB_ERROR_NO_API_KEY))
    set_row_result (row, error->message, FALSE);
  else if (have_key && sb_secrets_key_from_environment ())
    set_row_result (row, _("In use: the key from DASHSCOPE_API_KEY in the environment, which takes precedence"), TRUE);
  else if (have_key)
    set_row_result (row, _("A key is kept in your keyring"), TRUE);
  else
    adw_action_row_set_subtitle (row, _("None yet: enter your key above and press Enter"));
}

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sb_secrets_lookup_api_key_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_key_status (self, key != NULL, error);
}

static void
on_secret_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwToast) toast = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == sb_secrets_store_api_key_async)
    {
      sb_secrets_store_api_key_finish (result, &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The whole story on the row; the toast only says it happened. */
      show_key_status (self, *gtk_editable_get_text (GTK_EDITABLE (self->api_key_row)) != '\0', error);
      toast = adw_toast_new (error == NULL ? _("Saved in the keyring") : _("The key could not be kept: see why under it"));
    }
  else
    {
      sb_secrets_store_upload_headers_finish (result, &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      toast = adw_toast_new (error == NULL ? _("Saved in the keyring") : error->message);
    }

  sb_prefs_dialog_add_toast (GTK_WIDGET (self), g_steal_pointer (&toast));
}

static void
on_api_key_apply (SbPreferences *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->api_key_row));

  sb_secrets_store_api_key_async (g_strstrip ((char *) key), self->cancellable, on_secret_stored, g_object_ref (self));
}

static void
on_header_apply (SbPreferences *self)
{
  const char *header = gtk_editable_get_text (GTK_EDITABLE (self->header_row));
  const char *headers[] = { header, NULL };

  sb_secrets_store_upload_headers_async (*header != '\0' ? headers : NULL, self->cancellable,
                                         on_secret_stored, g_object_ref (self));
}

/* The key: one authenticated request that costs nothing. */

static void
on_key_checked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.test-key", TRUE);
  if (sb_generator_check_key_finish (SB_GENERATOR (source), result, &error))
    set_row_result (self->key_test_row, _("DashScope accepted the key"), TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (g_error_matches (error, SB_ERROR, SB_ERROR_AUTH))
    set_row_result (self->key_test_row, _("DashScope refused the key: check it in the console"), FALSE);
  else
    set_row_result (self->key_test_row, error->message, FALSE);
}

/* The key being typed, or else the one in the keyring. */
static void
test_key_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SbPreferences *self = SB_PREFERENCES (widget);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_key_row))));

  gtk_widget_action_set_enabled (widget, "preferences.test-key", FALSE);
  adw_action_row_set_subtitle (self->key_test_row, _("Checking…"));
  sb_generator_check_key_async (self->generator, *typed != '\0' ? typed : NULL, self->cancellable,
                                on_key_checked, g_object_ref (self));
}

/* The export folder. */

static void
update_export_folder (SbPreferences *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "export-folder");

  adw_action_row_set_subtitle (self->export_folder_row, *folder != '\0' ? folder : _("None chosen"));
}

static void
set_export_folder (SbPreferences *self,
                   GFile         *folder)
{
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

  if (path == NULL)
    return;
  g_settings_set_string (self->settings, "export-folder", path);
  g_settings_set_boolean (self->settings, "export-results", TRUE);
}

static void
on_folder_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbPreferences) self = user_data;
  g_autoptr(GFile) folder = sb_choose_file_finish (result, NULL);

  set_export_folder (self, folder);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SbPreferences *self = SB_PREFERENCES (widget);

  sb_choose_file_async (GTK_WINDOW (gtk_widget_get_root (widget)), SB_CHOOSE_FOLDER,
                        _("Folder for New Pictures"), _("_Select"), NULL, NULL, NULL,
                        self->cancellable, on_folder_chosen, g_object_ref (self));
}

static void
sb_preferences_dispose (GObject *object)
{
  SbPreferences *self = SB_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_PREFERENCES);
  g_clear_object (&self->settings);
  g_clear_object (&self->generator);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_preferences_parent_class)->dispose (object);
}

static void
sb_preferences_class_init (SbPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, key_help_label);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, region_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, workspace_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, method_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, region_warning_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, region_none_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, environment_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, engines_group);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, sketch_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, upload_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, public_url_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, form_field_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, url_path_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, header_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, test_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, key_test_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, style_row);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, count_spin);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, export_switch);
  gtk_widget_class_bind_template_child (widget_class, SbPreferences, export_folder_row);

  gtk_widget_class_install_action (widget_class, "preferences.test-upload", NULL, test_upload_action);
  gtk_widget_class_install_action (widget_class, "preferences.test-key", NULL, test_key_action);
  gtk_widget_class_install_action (widget_class, "preferences.choose-folder", NULL, choose_folder_action);
}

static void
sb_preferences_init (SbPreferences *self)
{
  g_autoptr(GListModel) style_labels = sb_style_list_new (NULL);
  g_autoptr(GtkStringList) method_labels = gtk_string_list_new (NULL);
  g_autofree char *key_help = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_engine_rows (self);
  sb_prefs_dialog_set_size (GTK_WIDGET (self), 640, 600);
  self->cancellable = g_cancellable_new ();

  key_help = sb_environment_get_key_help (sb_environment_is_sandboxed ());
  gtk_label_set_markup (self->key_help_label, key_help);
  sb_secrets_lookup_api_key_async (self->cancellable, on_key_looked_up, g_object_ref (self));

  adw_combo_row_set_model (self->style_row, style_labels);
  for (SbUploadMethod method = 0; method < SB_N_UPLOAD_METHODS; method++)
    gtk_string_list_append (method_labels, sb_upload_method_get_label (method));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (method_labels));

  g_signal_connect_object (self->api_key_row, "apply", G_CALLBACK (on_api_key_apply), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->header_row, "apply", G_CALLBACK (on_header_apply), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->region_row, "notify::selected", G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->method_row, "notify::selected", G_CALLBACK (update_rows), self, G_CONNECT_SWAPPED);
}

/**
 * sb_preferences_new:
 * @generator: the app's; its settings are the ones shown, and Check and
 *   Test Upload run as a generation would
 */
SbPreferences *
sb_preferences_new (SbGenerator *generator)
{
  SbPreferences *self;
  GSettings *settings;

  g_return_val_if_fail (SB_IS_GENERATOR (generator), NULL);

  self = g_object_new (SB_TYPE_PREFERENCES, NULL);
  self->generator = g_object_ref (generator);
  settings = self->settings = g_object_ref (sb_generator_get_settings (generator));

  sb_settings_bind_enum_position (settings, "region", self->region_row, "selected");
  sb_settings_bind_enum_position (settings, "upload-method", self->method_row, "selected");
  g_settings_bind (settings, "custom-base-url", self->custom_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "workspace", self->workspace_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "upload-url", self->upload_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sketch-url", self->sketch_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "public-url", self->public_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "form-field", self->form_field_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "url-path", self->url_path_row, "text", G_SETTINGS_BIND_DEFAULT);
  sb_settings_bind_enum_position (settings, "style", self->style_row, "selected");
  g_settings_bind (settings, "sketch-weight", gtk_spin_button_get_adjustment (self->weight_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "image-count", gtk_spin_button_get_adjustment (self->count_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "export-results", self->export_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::export-folder", G_CALLBACK (update_export_folder), self,
                           G_CONNECT_SWAPPED);
  update_export_folder (self);
  update_rows (self);
  update_environment_row (self);
  /* Opened most often for the key (none yet, or one refused): at the key. */
  sb_prefs_dialog_set_focus (GTK_WIDGET (self), GTK_WIDGET (self->api_key_row));

  return self;
}
