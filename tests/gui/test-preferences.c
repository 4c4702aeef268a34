/* test-preferences.c: upload settings reach GSettings, and "Test upload"
 * reports success or what failed. Runs under Xvfb with the simulator's files
 * host as the PUT server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <adwaita.h>
#include <gio/gsettingsbackend.h>

#include "sb-gui-test-util.h"
#include "sb-preferences.h"
#include "sb-sim-server.h"

static gpointer
child (SbPreferences *preferences,
       const char    *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (preferences), SB_TYPE_PREFERENCES, name);

  g_assert_nonnull (object);
  return object;
}

static const char *
run_test_upload (SbPreferences *preferences)
{
  AdwActionRow *row = child (preferences, "test_row");
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.test-upload", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Testing…");
  while (g_str_equal (adw_action_row_get_subtitle (row), "Testing…") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return adw_action_row_get_subtitle (row);
}

/* An action row under @root titled @title whose subtitle holds @words. */
static GtkWidget *
find_row_titled (GtkWidget  *root,
                 const char *title,
                 const char *words)
{
  if (ADW_IS_ACTION_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0 &&
      strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (root)), words) != NULL)
    return root;
  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *found = find_row_titled (widget, title, words);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences_upload (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_autoptr(SbSimServer) sim = sb_sim_server_new ("sk-prefs", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *stored_url = NULL;
  g_autoptr(SbGenerator) generator = NULL;
  SbPreferences *preferences;
  const char *result;

  sb_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  files = sb_sim_server_get_files_url (sim);

  generator = sb_gui_test_generator_new (settings, NULL);
  preferences = g_object_ref (sb_preferences_new (generator));
  sb_prefs_dialog_present (GTK_WIDGET (preferences), NULL);

  /* Temporary storage needs no address rows. */
  g_assert_false (gtk_widget_get_visible (child (preferences, "upload_url_row")));

  adw_combo_row_set_selected (child (preferences, "method_row"), 1);
  g_assert_cmpint (g_settings_get_enum (settings, "upload-method"), ==, SB_UPLOAD_METHOD_PUT);
  g_assert_true (gtk_widget_get_visible (child (preferences, "upload_url_row")));
  g_assert_true (gtk_widget_get_visible (child (preferences, "public_url_row")));
  g_assert_false (gtk_widget_get_visible (child (preferences, "url_path_row")));

  gtk_editable_set_text (child (preferences, "upload_url_row"), files);
  stored_url = g_settings_get_string (settings, "upload-url");
  g_assert_cmpstr (stored_url, ==, files);

  result = run_test_upload (preferences);
  g_assert_true (g_str_has_prefix (result, "Uploaded and read back from http://127.0.0.2:"));
  g_assert_true (gtk_widget_has_css_class (child (preferences, "test_row"), "success"));

  /* A public address that does not serve the file: which step, and where. */
  elsewhere = g_strconcat (files, "nowhere/", NULL);
  gtk_editable_set_text (child (preferences, "public_url_row"), elsewhere);
  result = run_test_upload (preferences);
  g_assert_nonnull (strstr (result, "reading it back from 127.0.0.2 failed: HTTP 404"));
  g_assert_true (gtk_widget_has_css_class (child (preferences, "test_row"), "error"));

  /* A sketch already online: its address, and nothing to test-upload. */
  adw_combo_row_set_selected (child (preferences, "method_row"), 3);
  g_assert_cmpint (g_settings_get_enum (settings, "upload-method"), ==, SB_UPLOAD_METHOD_URL);
  g_assert_true (gtk_widget_get_visible (child (preferences, "sketch_url_row")));
  g_assert_false (gtk_widget_get_visible (child (preferences, "test_row")));
  g_assert_false (gtk_widget_get_visible (child (preferences, "upload_url_row")));

  /* The international region with temporary storage gets a warning. */
  adw_combo_row_set_selected (child (preferences, "method_row"), 0);
  g_assert_false (gtk_widget_get_visible (child (preferences, "region_warning_row")));
  g_assert_false (gtk_widget_get_visible (child (preferences, "region_none_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, "region_row")), ==,
                   "Serves Sketch to Image Lite, Wan 2.1 Doodle");
  adw_combo_row_set_selected (child (preferences, "region_row"), 1);
  g_assert_true (gtk_widget_get_visible (child (preferences, "region_warning_row")));
  /* The engines, from their table: price and region on each row. */
  g_assert_nonnull (find_row_titled (child (preferences, "engines_group"), "Wan 2.1 Doodle", "0.14 CNY"));
  g_assert_nonnull (find_row_titled (child (preferences, "engines_group"), "Sketch to Image Lite", "China (Beijing)"));
  /* It serves neither engine: said at once, with the way out. */
  g_assert_true (gtk_widget_get_visible (child (preferences, "region_none_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, "region_row")), ==, "Serves none of the engines");
  adw_combo_row_set_selected (child (preferences, "region_row"), 2);
  g_assert_false (gtk_widget_get_visible (child (preferences, "region_none_row")));
  g_assert_true (gtk_widget_get_visible (child (preferences, "custom_url_row")));

  sb_prefs_dialog_close (GTK_WIDGET (preferences));
  g_object_unref (preferences);
}

static const char *
run_key_check (SbPreferences *preferences)
{
  AdwActionRow *row = child (preferences, "key_test_row");
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "preferences.test-key", NULL));
  while (g_str_equal (adw_action_row_get_subtitle (row), "Checking…") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return adw_action_row_get_subtitle (row);
}

/* Check: one free query with the key typed; the service's verdict shown. */
static void
test_preferences_key_check (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_autoptr(SbSimServer) sim = sb_sim_server_new ("sk-right", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(SbGenerator) generator = NULL;
  SbPreferences *preferences;

  sb_sim_server_listen (sim, 0, &error);
  g_assert_no_error (error);
  base_url = sb_sim_server_get_base_url (sim);
  g_settings_set_string (settings, "region", "custom");
  g_settings_set_string (settings, "custom-base-url", base_url);

  generator = sb_gui_test_generator_new (settings, NULL);
  preferences = g_object_ref (sb_preferences_new (generator));
  sb_prefs_dialog_present (GTK_WIDGET (preferences), NULL);

  /* It opens at the key. */
  {
    GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (child (preferences, "api_key_row")));

    g_assert_nonnull (focus);
    g_assert_true (focus == child (preferences, "api_key_row") || gtk_widget_is_ancestor (focus, child (preferences, "api_key_row")));
  }

  gtk_editable_set_text (child (preferences, "api_key_row"), "sk-wrong");
  g_assert_cmpstr (run_key_check (preferences), ==, "DashScope refused the key: check it in the console");
  g_assert_true (gtk_widget_has_css_class (child (preferences, "key_test_row"), "error"));

  gtk_editable_set_text (child (preferences, "api_key_row"), "sk-right");
  g_assert_cmpstr (run_key_check (preferences), ==, "DashScope accepted the key");
  g_assert_true (gtk_widget_has_css_class (child (preferences, "key_test_row"), "success"));
  g_assert_cmpuint (sb_sim_server_count_tasks (sim), ==, 0);   /* nothing was made, nothing billed */

  /* Defaults and the export folder go to GSettings. */
  adw_combo_row_set_selected (child (preferences, "style_row"), 3);
  gtk_spin_button_set_value (child (preferences, "weight_spin"), 4);
  gtk_spin_button_set_value (child (preferences, "count_spin"), 2);
  {
    g_autofree char *style = g_settings_get_string (settings, "style");

    g_assert_cmpstr (style, ==, "oil-painting");
  }
  g_assert_cmpint (g_settings_get_int (settings, "sketch-weight"), ==, 4);
  g_assert_cmpint (g_settings_get_int (settings, "image-count"), ==, 2);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, "export_folder_row")), ==, "None chosen");
  g_settings_set_string (settings, "export-folder", "/tmp/pictures");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (preferences, "export_folder_row")), ==, "/tmp/pictures");
  gtk_switch_set_active (child (preferences, "export_switch"), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "export-results"));

  /* Neither the key nor the address from the environment here. */
  g_assert_false (gtk_widget_get_visible (child (preferences, "environment_row")));
  sb_prefs_dialog_close (GTK_WIDGET (preferences));
  g_object_unref (preferences);

  /* Both from the environment: said, with the address in use. */
  g_setenv ("DASHSCOPE_HTTP_BASE_URL", base_url, TRUE);
  g_setenv ("DASHSCOPE_API_KEY", "sk-right", TRUE);
  preferences = g_object_ref (sb_preferences_new (generator));
  sb_prefs_dialog_present (GTK_WIDGET (preferences), NULL);
  {
    const char *said = adw_action_row_get_subtitle (child (preferences, "environment_row"));

    g_assert_true (gtk_widget_get_visible (child (preferences, "environment_row")));
    g_assert_nonnull (strstr (said, base_url));
    g_assert_nonnull (strstr (said, "region below is not used"));
    g_assert_nonnull (strstr (said, "DASHSCOPE_API_KEY is the key in use"));
  }
  sb_prefs_dialog_close (GTK_WIDGET (preferences));
  g_object_unref (preferences);
  g_unsetenv ("DASHSCOPE_HTTP_BASE_URL");
  g_unsetenv ("DASHSCOPE_API_KEY");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/preferences/upload", test_preferences_upload);
  g_test_add_func ("/preferences/key-check", test_preferences_key_check);

  return g_test_run ();
}
