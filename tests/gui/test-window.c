/* test-window.c: the main window's controls, their limits and what persists
 *
 * Runs under Xvfb (tests/gui/run-headless.sh). Every test uses a memory
 * GSettings backend, so nothing is read from or written to the user's settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sb-limits.h"
#include "sb-style.h"
#include "sb-window.h"

static GSettings *
new_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

static gpointer
child (SbWindow   *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), SB_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

static SbWindow *
open_window (GSettings *settings)
{
  SbWindow *window = g_object_ref (sb_window_new (NULL, settings, NULL));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (SbWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_defaults (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  GtkDropDown *style = child (window, "style_dropdown");
  GtkAdjustment *weight = child (window, "weight_adjustment");
  GtkAdjustment *count = child (window, "count_adjustment");
  GListModel *styles = gtk_drop_down_get_model (style);

  g_assert_cmpuint (gtk_drop_down_get_selected (style), ==, SB_STYLE_AUTO);
  g_assert_cmpuint (g_list_model_get_n_items (styles), ==, SB_N_STYLES);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (styles), SB_STYLE_OIL_PAINTING),
                   ==, "Oil painting");

  g_assert_cmpfloat (gtk_adjustment_get_lower (weight), ==, 0);
  g_assert_cmpfloat (gtk_adjustment_get_upper (weight), ==, 10);
  g_assert_cmpfloat (gtk_adjustment_get_value (weight), ==, 10);
  g_assert_cmpfloat (gtk_adjustment_get_lower (count), ==, 1);
  g_assert_cmpfloat (gtk_adjustment_get_upper (count), ==, 4);
  g_assert_cmpfloat (gtk_adjustment_get_value (count), ==, 4);
  g_assert_cmpstr (gtk_label_get_label (child (window, "weight_label")), ==, "Sketch weight: 10");

  g_assert_true (sb_sketch_is_empty (sb_window_get_sketch (window)));

  close_window (window);
}

/* 75 characters, counted as characters: Chinese counts the same as English. */
static void
test_window_prompt_limit (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  GtkEditable *prompt = child (window, "prompt_entry");
  GtkLabel *counter = child (window, "prompt_counter");
  g_autoptr(GString) chinese = g_string_new (NULL);

  g_assert_cmpstr (gtk_label_get_label (counter), ==, "0/75");

  gtk_editable_set_text (prompt, "一棵参天大树");
  g_assert_cmpstr (gtk_label_get_label (counter), ==, "6/75");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (counter), "warning"));

  for (int i = 0; i < 80; i++)
    g_string_append (chinese, "树");
  gtk_editable_set_text (prompt, chinese->str);
  g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (prompt), -1), ==, SB_PROMPT_MAX_CHARS);
  g_assert_cmpstr (gtk_label_get_label (counter), ==, "75/75");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (counter), "warning"));

  /* Typing at the limit adds nothing. */
  {
    int position = SB_PROMPT_MAX_CHARS;

    gtk_editable_insert_text (prompt, "abc", -1, &position);
    g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (prompt), -1), ==, SB_PROMPT_MAX_CHARS);
    g_assert_true (g_str_has_suffix (gtk_editable_get_text (prompt), "树"));
  }

  close_window (window);
}

/* Style, weight and count are remembered, and a new window starts with them. */
static void
test_window_parameters_persist (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *style_nick = NULL;
  SbWindow *window = open_window (settings);

  gtk_drop_down_set_selected (child (window, "style_dropdown"), SB_STYLE_WATERCOLOR);
  gtk_adjustment_set_value (child (window, "weight_adjustment"), 3);
  gtk_adjustment_set_value (child (window, "count_adjustment"), 2);

  style_nick = g_settings_get_string (settings, "style");
  g_assert_cmpstr (style_nick, ==, "watercolor");
  g_assert_cmpint (g_settings_get_int (settings, "sketch-weight"), ==, 3);
  g_assert_cmpint (g_settings_get_int (settings, "image-count"), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (child (window, "weight_label")), ==, "Sketch weight: 3");
  close_window (window);

  window = open_window (settings);
  g_assert_cmpuint (gtk_drop_down_get_selected (child (window, "style_dropdown")), ==, SB_STYLE_WATERCOLOR);
  g_assert_cmpfloat (gtk_adjustment_get_value (child (window, "weight_adjustment")), ==, 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (child (window, "count_adjustment")), ==, 2);

  /* A change made elsewhere (another window, dconf-editor) shows at once. */
  g_settings_set_string (settings, "style", "chinese-painting");
  g_assert_cmpuint (gtk_drop_down_get_selected (child (window, "style_dropdown")), ==, SB_STYLE_CHINESE_PAINTING);
  close_window (window);
}

static void
test_window_size_persists (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 700);
  window = open_window (settings);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 700);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 800);
  close_window (window);
}

/* The toolbar's actions drive the sketch, and follow it. */
static void
test_window_sketch_actions (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  SbSketch *sketch = sb_window_get_sketch (window);
  GtkWidget *undo = child (window, "undo_button");
  GtkWidget *redo = child (window, "redo_button");
  GtkWidget *clear = child (window, "clear_button");

  /* Buttons for actions that cannot act are insensitive. */
  g_assert_false (gtk_widget_get_sensitive (undo));
  g_assert_false (gtk_widget_get_sensitive (clear));

  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, SB_DEFAULT_PRESSURE);
  sb_sketch_extend_stroke (sketch, 400, 300, SB_DEFAULT_PRESSURE);
  sb_sketch_end_stroke (sketch);
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_assert_true (gtk_widget_get_sensitive (clear));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.clear", NULL));
  g_assert_true (sb_sketch_is_empty (sketch));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.undo", NULL));
  g_assert_false (sb_sketch_is_empty (sketch));
  g_assert_true (gtk_widget_get_sensitive (redo));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.redo", NULL));
  g_assert_true (sb_sketch_is_empty (sketch));

  /* B and E choose the tool; [ and ] the size; the spin button follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.tool", "s", "eraser"));
  g_assert_cmpint (sb_sketch_get_tool (sketch), ==, SB_TOOL_ERASER);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.width", "d", 8.0);
  g_assert_cmpfloat (sb_sketch_get_width (sketch), ==, 8);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.bigger", NULL);
  g_assert_cmpfloat (sb_sketch_get_width (sketch), ==, 10);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.smaller", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.smaller", NULL);
  g_assert_cmpfloat (sb_sketch_get_width (sketch), ==, 6);
  g_assert_cmpfloat (gtk_adjustment_get_value (child (window, "width_adjustment")), ==, 6);
  gtk_adjustment_set_value (child (window, "width_adjustment"), 12);
  g_assert_cmpfloat (sb_sketch_get_width (sketch), ==, 12);

  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.color", "u", 0xe01b24);
  g_assert_cmphex (sb_sketch_get_color (sketch), ==, 0xe01b24);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.extraction", NULL);
  g_assert_true (sb_sketch_get_extraction (sketch));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/defaults", test_window_defaults);
  g_test_add_func ("/window/prompt-limit", test_window_prompt_limit);
  g_test_add_func ("/window/parameters-persist", test_window_parameters_persist);
  g_test_add_func ("/window/size-persists", test_window_size_persists);
  g_test_add_func ("/window/sketch-actions", test_window_sketch_actions);

  return g_test_run ();
}
