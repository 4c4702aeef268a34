/* test-window.c: the main window's controls, their limits and what persists
 *
 * Runs under Xvfb (tests/gui/run-headless.sh). Every test uses a memory
 * GSettings backend, so nothing is read from or written to the user's settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sb-canvas.h"
#include "sb-color-picker.h"
#include "sb-history.h"
#include "sb-image-viewer.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-test-util.h"
#include "sb-texture.h"
#include "sb-widget-compat.h"
#include "sb-gui-test-util.h"
#include "sb-window-private.h"

#define new_settings sb_gui_test_settings_new
#define child(window, name) sb_gui_test_find_child (GTK_WIDGET (window), name)

/* A window with a history and autosave of its own, in a new folder. */
static SbWindow *
open_window (GSettings *settings)
{
  g_autoptr(SbGenerator) generator = sb_gui_test_generator_new (settings, NULL);
  SbWindow *window = g_object_ref (sb_window_new (NULL, generator));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (SbWindow *window)
{
  g_autoptr(SbGenerator) generator = NULL;
  g_autoptr(GFile) data = NULL;

  g_object_get (window, "generator", &generator, NULL);
  data = g_object_ref (sb_generator_get_data_directory (generator));
  gtk_window_destroy (GTK_WINDOW (window));
  sb_gui_test_assert_finalized (window);
  while (sb_generator_get_busy (generator))
    g_main_context_iteration (NULL, TRUE);
  sb_test_remove_tree (data);
}

/* A few frames: what was changed is laid out. */
static void
wait_for_layout (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
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

  /* Typing, however long, never moves the canvas: the pre-flight line is
   * one line (all of it in its tooltip), out of the focus order. */
  {
    GtkWidget *canvas = child (window, "canvas");
    g_autoptr(GString) long_prompt = g_string_new (NULL);
    int width, height;

    while (gtk_widget_get_width (canvas) == 0)
      g_main_context_iteration (NULL, TRUE);
    wait_for_layout ();
    width = gtk_widget_get_width (canvas);
    height = gtk_widget_get_height (canvas);
    for (guint i = 0; i < 6; i++)
      g_string_append (long_prompt, "lighthouse ");
    gtk_editable_set_text (child (window, "prompt_entry"), long_prompt->str);
    wait_for_layout ();
    g_assert_cmpint (gtk_widget_get_width (canvas), ==, width);
    g_assert_cmpint (gtk_widget_get_height (canvas), ==, height);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (window, "preflight_label")), "lighthouse lighthouse"));
    g_assert_false (gtk_widget_get_focusable (child (window, "preflight_label")));
    /* The exact request is a click away, under Details. */
    g_assert_nonnull (strstr (gtk_label_get_label (child (window, "request_label")), "wanx-sketch-to-image-lite"));
    g_assert_nonnull (strstr (gtk_label_get_label (child (window, "request_label")), "lighthouse lighthouse"));
    /* Coloured lines: in words, and a dot of each colour. */
    sb_sketch_set_color (sb_window_get_sketch (window), 0xE01B24);
    sb_sketch_begin_stroke (sb_window_get_sketch (window), SB_TOOL_PEN, 100, 100, 1.0);
    sb_sketch_extend_stroke (sb_window_get_sketch (window), 300, 300, 1.0);
    sb_sketch_end_stroke (sb_window_get_sketch (window));
    wait_for_layout ();
    g_assert_nonnull (strstr (gtk_label_get_label (child (window, "preflight_label")), "lines in 1 colour <span foreground=\"#e01b24\">"));
    g_assert_nonnull (strstr (gtk_label_get_label (child (window, "request_label")), "224"));
    g_assert_cmpint (gtk_widget_get_width (canvas), ==, width);
    g_assert_cmpint (gtk_widget_get_height (canvas), ==, height);
    sb_sketch_clear (sb_window_get_sketch (window));
    gtk_editable_set_text (child (window, "prompt_entry"), "");
  }

  /* An empty canvas: the keyboard starts on it. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == child (window, "canvas"));

  close_window (window);
}

static gboolean
sketch_restored (SbWindow *window)
{
  return !sb_sketch_is_empty (sb_window_get_sketch (window));
}

/* A sketch already there (kept from last time): the keyboard starts in the prompt. */
static void
test_window_focus_with_sketch (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-focus-XXXXXX", NULL);
  g_autoptr(GFile) data = g_file_new_for_path (tmp);
  g_autoptr(SbGenerator) generator = sb_gui_test_generator_new (settings, data);
  SbWindow *window = g_object_ref (sb_window_new (NULL, generator));
  SbSketch *sketch = sb_window_get_sketch (window);
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (window));
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 500, 1.0);
  sb_sketch_end_stroke (sketch);
  /* Closed as the artist closes it: the sketch is saved on the way out. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_object_unref (window);
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
  while (sb_generator_get_busy (generator))
    g_main_context_iteration (NULL, TRUE);

  window = g_object_ref (sb_window_new (NULL, generator));
  gtk_window_present (GTK_WINDOW (window));
  while (!sketch_restored (window))
    g_main_context_iteration (NULL, TRUE);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, child (window, "prompt_entry")));

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

  for (int i = 0; i < 75; i++)
    g_string_append (chinese, "树");
  gtk_editable_set_text (prompt, chinese->str);
  g_assert_cmpstr (gtk_label_get_label (counter), ==, "75/75");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (counter), "warning"));
  g_assert_true (gtk_widget_is_sensitive (child (window, "generate_button")));

  /* Past the limit: nothing typed is dropped; the overflow is marked, and
   * Generate waits with the reason beside it. */
  {
    int position = SB_PROMPT_MAX_CHARS;
    PangoAttrList *marks;
    g_autoptr(GSList) attributes = NULL;

    gtk_editable_insert_text (prompt, "abcdefghijklmno", -1, &position);
    g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (prompt), -1), ==, 90);
    g_assert_true (g_str_has_suffix (gtk_editable_get_text (prompt), "树abcdefghijklmno"));
    g_assert_cmpstr (gtk_label_get_label (counter), ==, "90/75");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (counter), "error"));
    marks = gtk_entry_get_attributes (GTK_ENTRY (prompt));
    g_assert_nonnull (marks);
    attributes = pango_attr_list_get_attributes (marks);
    g_assert_nonnull (attributes);
    /* From the 76th character (75 × 3 bytes of 树). */
    g_assert_cmpuint (((PangoAttribute *) attributes->data)->start_index, ==, 75 * 3);
    g_slist_free_full (g_steal_pointer (&attributes), (GDestroyNotify) pango_attribute_destroy);
    g_assert_false (gtk_widget_is_sensitive (child (window, "generate_button")));
    g_assert_cmpstr (gtk_label_get_label (child (window, "preflight_label")), ==,
                     "Generate waits: the prompt is 15 characters longer than DashScope takes (75)");

    /* Cut back: Generate is back. */
    gtk_editable_delete_text (prompt, 75, -1);
    g_assert_true (gtk_widget_is_sensitive (child (window, "generate_button")));
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (counter), "error"));
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
  gtk_editable_set_text (child (window, "prompt_entry"), "a fox in the snow");

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
  /* The prompt comes back too. */
  g_assert_cmpstr (gtk_editable_get_text (child (window, "prompt_entry")), ==, "a fox in the snow");

  /* A change made elsewhere (another window, dconf-editor) shows at once. */
  g_settings_set_string (settings, "style", "chinese-painting");
  g_assert_cmpuint (gtk_drop_down_get_selected (child (window, "style_dropdown")), ==, SB_STYLE_CHINESE_PAINTING);
  close_window (window);

  /* What dconf holds is bounded: 5000 characters come back as 2000. */
  {
    g_autoptr(GString) huge = g_string_new (NULL);

    for (int i = 0; i < 5000; i++)
      g_string_append_c (huge, 'a');
    g_settings_set_string (settings, "prompt", huge->str);
    window = open_window (settings);
    g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (child (window, "prompt_entry")), -1), ==, 2000);
    close_window (window);
  }
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

static GFile *
write_picture (const char *directory,
               const char *name,
               int         side)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  g_autofree char *path = g_build_filename (directory, name, NULL);

  gdk_pixbuf_fill (pixbuf, 0x3060c0ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
  return g_file_new_for_path (path);
}

static void
on_clipboard_texture (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  *(GdkTexture **) user_data = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, NULL);
}

/* What the canvas shows now, once a frame has drawn it. */
static GBytes *
render_canvas (GtkWidget *canvas)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (canvas);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (canvas), height = gtk_widget_get_height (canvas);
  gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  guchar *pixels;

  while (g_get_monotonic_time () < settle)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (canvas)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc (width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);
  return g_bytes_new_take (pixels, width * height * 4);
}

/* The page is kept scaled between frames and only a stroke's pixels are
 * scaled again: what shows is what a page drawn afresh shows. */
static void
test_window_canvas_cache (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  SbCanvas *canvas = child (window, "canvas");
  SbSketch *sketch = sb_window_get_sketch (window);
  g_autoptr(GBytes) before = NULL, after = NULL, afresh = NULL;

  while (gtk_widget_get_width (GTK_WIDGET (canvas)) == 0)
    g_main_context_iteration (NULL, TRUE);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 200, 1.0);
  sb_sketch_end_stroke (sketch);
  before = render_canvas (GTK_WIDGET (canvas));

  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 300, 500, 1.0);
  sb_sketch_extend_stroke (sketch, 400, 700, 1.0);
  sb_sketch_end_stroke (sketch);
  after = render_canvas (GTK_WIDGET (canvas));
  g_assert_false (g_bytes_equal (before, after));

  /* The same sketch set again: nothing kept, the page scaled whole. */
  g_object_ref (sketch);
  sb_canvas_set_sketch (canvas, NULL);
  sb_canvas_set_sketch (canvas, sketch);
  g_object_unref (sketch);
  afresh = render_canvas (GTK_WIDGET (canvas));
  /* The same, but for rounding where the filter starts (±1 in a few). */
  {
    gsize n;
    const guchar *a = g_bytes_get_data (after, &n), *b = g_bytes_get_data (afresh, NULL);
    guint most = 0;

    for (gsize i = 0; i < n; i++)
      most = MAX (most, (guint) ABS ((int) a[i] - (int) b[i]));
    g_assert_cmpuint (most, <=, 2);
  }
  close_window (window);
}

/* A menu button's tooltip never lies over the menu it opened (GTK 4.8
 * left it there). */
static void
test_window_menu_tooltips (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  GtkMenuButton *sweep = child (window, "sweep_button");

  while (!gtk_widget_get_mapped (GTK_WIDGET (sweep)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (sweep)));
  gtk_menu_button_popup (sweep);
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (sweep)));
  gtk_menu_button_popdown (sweep);
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (sweep)));
  close_window (window);
}

/* The viewer walks the gallery, copies, saves and sends to the canvas. */
/* A picture in the history that declares 30000×30000 pixels (3.6 GB
 * decoded; the viewer took 6.3 GB for one) is refused from its header by
 * the viewer's loader, which the gallery's thumbnails share the check of. */
static void
test_window_bomb_refused (void)
{
  g_autofree char *folder = g_dir_make_tmp ("sketchbloom-bomb-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (folder, "bomb.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bomb = sb_test_png_header (30000, 30000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb), NULL));
  sb_texture_load_async (file, NULL, sb_test_store_result, &result);
  texture = sb_texture_load_finish (sb_test_wait_for (&result), &error);
  g_assert_null (texture);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "30000×30000"));
  g_unlink (path);
  g_rmdir (folder);
}

/* About names the app and this version; where it is built from the metainfo
 * (libadwaita 1.5) it also shows this version's release notes. */
static void
test_window_about (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *notes = NULL;
  GtkWidget *about;

  g_assert_null (sb_about_find (GTK_WINDOW (window)));
  sb_about_present (GTK_WINDOW (window));
  about = sb_about_find (GTK_WINDOW (window));
  g_assert_nonnull (about);
  g_object_get (about, "application-name", &name, "version", &version, "release-notes", &notes, NULL);
  g_assert_cmpstr (name, ==, "Sketchbloom");
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
#if ADW_CHECK_VERSION (1, 5, 0)
  g_assert_nonnull (strstr (notes, "<li>"));
  adw_dialog_force_close (ADW_DIALOG (about));
#else
  gtk_window_destroy (GTK_WINDOW (about));
#endif
  close_window (window);
}

static void
test_window_viewer (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-viewer-XXXXXX", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *saved_path = g_build_filename (tmp, "saved.png", NULL);
  g_autoptr(GFile) saved = g_file_new_for_path (saved_path);
  g_autofree char *saved_uri = g_file_get_uri (saved);
  g_autoptr(GdkTexture) copied = NULL;
  g_autofree char *original = NULL, *copy = NULL;
  gsize original_length, copy_length;
  SbWindow *window = open_window (settings);
  SbImageViewer *viewer;

  g_ptr_array_add (files, write_picture (tmp, "first.png", 300));
  g_ptr_array_add (files, write_picture (tmp, "second.png", 400));

  /* In the window, in place of the drawing, the window titled by it. */
  sb_window_view_pictures (window, files, 0);
  viewer = sb_window_get_viewer (window);
  g_assert_nonnull (viewer);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (viewer), GTK_WIDGET (window)));
  g_assert_true (g_file_equal (sb_image_viewer_get_file (viewer), files->pdata[0]));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "first.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.next", NULL));
  g_assert_true (g_file_equal (sb_image_viewer_get_file (viewer), files->pdata[1]));

  /* Copy: the picture itself on the clipboard, once it has loaded (it
   * decodes in a thread; Copy waits for it). */
  for (int i = 0; i < 200 && copied == NULL; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.copy", NULL);
      gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (GTK_WIDGET (viewer)), NULL,
                                        on_clipboard_texture, &copied);
      for (int j = 0; j < 20; j++)
        g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (copied);
  g_assert_cmpint (gdk_texture_get_width (copied), ==, 400);

  /* Fitted, then every pixel (Ctrl+1), a step further in, and fitted again. */
  {
    double zoom;
    gboolean actual;

    g_object_get (viewer, "zoom", &zoom, NULL);
    g_assert_cmpfloat (zoom, ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-actual", NULL));
    g_object_get (viewer, "zoom", &zoom, "actual-size", &actual, NULL);
    g_assert_cmpfloat (zoom, ==, 1.0);
    g_assert_true (actual);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-in", NULL));
    g_object_get (viewer, "zoom", &zoom, "actual-size", &actual, NULL);
    g_assert_cmpfloat (zoom, ==, 1.5);
    g_assert_false (actual);
    {
      int width;

      gtk_widget_get_size_request (sb_gui_test_find_child (GTK_WIDGET (viewer), "picture"), &width, NULL);
      g_assert_cmpint (width, ==, 600);   /* 400 px at 1.5× */
    }
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.zoom-fit", NULL));
    g_object_get (viewer, "zoom", &zoom, NULL);
    g_assert_cmpfloat (zoom, ==, 0);
  }

  /* Save As writes the file where asked (the dialog's answer is this path). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.save-to", "s", saved_uri));
  while (!g_file_query_exists (saved, NULL))
    g_main_context_iteration (NULL, TRUE);
  for (int j = 0; j < 50; j++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (g_file_get_contents (g_file_peek_path (files->pdata[1]), &original, &original_length, NULL));
  g_assert_true (g_file_get_contents (saved_path, &copy, &copy_length, NULL));
  g_assert_cmpmem (original, original_length, copy, copy_length);

  /* Trace over it: shown on the canvas, not part of the sketch. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.trace", NULL));
  while (sb_canvas_get_tracing (child (window, "canvas")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sb_sketch_is_empty (sb_window_get_sketch (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-tracing", NULL));
  g_assert_null (sb_canvas_get_tracing (child (window, "canvas")));

  /* Back: the drawing again, the window's own title back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "page.back", NULL));
  g_assert_null (sb_window_get_viewer (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sketchbloom");

  /* A filmstrip of the generation's pictures, the current one pressed;
   * Delete moves on to the next instead of closing. */
  sb_window_view_pictures (window, files, 0);
  viewer = sb_window_get_viewer (window);
  {
    GtkWidget *strip = sb_gui_test_find_child (GTK_WIDGET (viewer), "filmstrip");
    GtkWidget *first = gtk_widget_get_first_child (strip);

    g_assert_true (GTK_IS_TOGGLE_BUTTON (first));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (first)));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (gtk_widget_get_next_sibling (first))));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_next_sibling (first)), TRUE);
    g_assert_true (g_file_equal (sb_image_viewer_get_file (viewer), files->pdata[1]));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (first)));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.first", NULL));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.delete", NULL));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (viewer)));
    g_assert_true (g_file_equal (sb_image_viewer_get_file (viewer), files->pdata[1]));
    strip = sb_gui_test_find_child (GTK_WIDGET (viewer), "filmstrip");
    g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (strip)));
  }

  /* Send to canvas: the picture becomes the sketch, and the drawing is
   * back on show (one page at a time: this replaces the one before). */
  sb_window_view_pictures (window, files, 1);
  viewer = sb_window_get_viewer (window);
  g_assert_true (sb_sketch_is_empty (sb_window_get_sketch (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.send-to-canvas", NULL));
  g_assert_null (sb_window_get_viewer (window));
  while (sb_sketch_is_empty (sb_window_get_sketch (window)))
    g_main_context_iteration (NULL, TRUE);

  close_window (window);
  g_unlink (saved_path);
  for (guint i = 0; i < files->len; i++)
    g_file_delete (files->pdata[i], NULL, NULL);
  g_rmdir (tmp);
}

static void
make_entry (GFile      *history,
            const char *name,
            const char *prompt,
            SbStyle     style,
            gint64      created_at)
{
  g_autoptr(GFile) directory = g_file_get_child (history, name);
  g_autoptr(SbParams) params = sb_params_new ();
  g_autoptr(SbHistoryEntry) entry = NULL;
  g_autoptr(GFile) image = NULL;

  sb_params_set_prompt (params, prompt);
  sb_params_set_style (params, style);
  entry = sb_history_entry_new (directory, params, "https://example.com/s.png", SB_UPLOAD_METHOD_URL);
  g_assert_true (g_file_make_directory_with_parents (directory, NULL, NULL));
  image = write_picture (g_file_peek_path (directory), "a-1.png", 256);
  sb_history_entry_add_image (entry, "a-1.png");
  sb_history_entry_add_failure (entry, 2, "InternalError.Timeout", "timed out");
  sb_history_entry_set_task (entry, name, "r", created_at);
  sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_DONE);
  g_assert_true (sb_history_entry_save (entry, NULL, NULL));
}

static GtkWidget *
find_class (GtkWidget  *root,
            const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_class (widget, css_class);

      if (match != NULL)
        return match;
    }
  return NULL;
}

#define find_viewer() sb_window_get_viewer (window)

/* The gallery shows the history, and filters it by prompt and style. */
static void
test_window_gallery (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  g_autofree char *tmp = g_dir_make_tmp ("sketchbloom-gallery-XXXXXX", NULL);
  g_autoptr(GFile) data = g_file_new_for_path (tmp);
  g_autoptr(GFile) history = g_file_get_child (data, "history");
  g_autoptr(SbGenerator) generator = NULL;
  GListModel *rows;
  SbWindow *window;

  make_entry (history, "one", "a tall tree", SB_STYLE_WATERCOLOR, g_get_real_time () - 3000);
  make_entry (history, "two", "一只小猫", SB_STYLE_ANIME, g_get_real_time () - 2000);
  make_entry (history, "three", "Tall mountains", SB_STYLE_ANIME, g_get_real_time () - 1000);

  generator = sb_gui_test_generator_new (settings, data);
  window = g_object_ref (sb_window_new (NULL, generator));
  gtk_window_present (GTK_WINDOW (window));
  rows = G_LIST_MODEL (gtk_list_view_get_model (child (window, "gallery")));
  while (g_list_model_get_n_items (rows) < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "gallery_stack")), ==, "images");

  /* Newest first. */
  {
    g_autoptr(SbHistoryEntry) first = g_list_model_get_item (rows, 0);

    g_assert_cmpstr (sb_params_get_prompt (sb_history_entry_get_params (first)), ==, "Tall mountains");
  }

  gtk_editable_set_text (child (window, "gallery_search"), "tall");
  while (g_list_model_get_n_items (rows) != 2)
    g_main_context_iteration (NULL, TRUE);

  gtk_drop_down_set_selected (child (window, "gallery_style"), 1 + SB_STYLE_ANIME);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);

  gtk_editable_set_text (child (window, "gallery_search"), "小猫");
  while (g_list_model_get_n_items (rows) != 1)
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(SbHistoryEntry) cat = g_list_model_get_item (rows, 0);

    g_assert_cmpstr (sb_params_get_prompt (sb_history_entry_get_params (cat)), ==, "一只小猫");
  }

  /* A picture is reached with the keyboard and opened with Enter. */
  {
    GtkWidget *tile = NULL;
    g_autoptr(GListModel) controllers = NULL;
    gboolean handled = FALSE;

    while ((tile = find_class (child (window, "gallery"), "gallery-image")) == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (gtk_widget_get_focusable (tile));
    g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (tile)), ==, GTK_ACCESSIBLE_ROLE_BUTTON);
    g_assert_true (gtk_widget_grab_focus (tile));
    controllers = gtk_widget_observe_controllers (tile);
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
      }
    g_assert_true (handled);
    g_assert_nonnull (find_viewer ());
    gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "page.back", NULL);
  }

  /* The meter counts what DashScope billed: three generations of one picture. */
  while (strstr (gtk_label_get_label (child (window, "usage_label")), "3 images") == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Delete, undo, delete for good. */
  {
    g_autoptr(SbHistoryEntry) cat = g_list_model_get_item (rows, 0);
    g_autoptr(GFile) image = g_file_get_child (sb_history_entry_get_directory (cat), "a-1.png");
    g_autofree char *uri = g_file_get_uri (image);
    g_auto(GStrv) after_delete = NULL;
    g_auto(GStrv) after_undo = NULL;
    AdwToast *toast;

    /* Reuse settings brings the prompt and style back (this one was
     * "already online": no sketch to restore). */
    gtk_editable_set_text (child (window, "prompt_entry"), "");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reuse", "s", uri));
    g_assert_cmpstr (gtk_editable_get_text (child (window, "prompt_entry")), ==, "一只小猫");
    g_assert_cmpuint (gtk_drop_down_get_selected (child (window, "style_dropdown")), ==, SB_STYLE_ANIME);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-image", "s", uri));
    after_delete = sb_history_entry_get_images (cat);
    g_assert_cmpuint (g_strv_length (after_delete), ==, 0);
    g_assert_true (g_file_query_exists (image, NULL));   /* not yet: Undo is offered */

    toast = sb_window_get_deletion_toast (window);
    g_assert_nonnull (toast);
    g_signal_emit_by_name (toast, "button-clicked");
    after_undo = sb_history_entry_get_images (cat);
    g_assert_cmpuint (g_strv_length (after_undo), ==, 1);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-image", "s", uri));
    adw_toast_dismiss (sb_window_get_deletion_toast (window));
    while (g_file_query_exists (image, NULL))
      g_main_context_iteration (NULL, TRUE);
    /* Deleting pictures does not lower what the month cost (both models' free quotas, 500 each). */
    g_assert_nonnull (strstr (gtk_label_get_label (child (window, "usage_label")), "This month: 3 images · 997 of 1000 free left"));
  }

  gtk_editable_set_text (child (window, "gallery_search"), "nothing like this");
  while (g_list_model_get_n_items (rows) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "gallery_stack")), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  while (sb_generator_get_busy (generator))
    g_main_context_iteration (NULL, TRUE);
  sb_test_remove_tree (data);
}

/* Zoom by keys' actions: in √2 steps to 8×, the corner button says how far
 * and brings the whole page back; the arrow keys move a zoomed page; I arms
 * the eyedropper. */
static void
test_window_zoom (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  SbCanvas *canvas = child (window, "canvas");
  GtkButton *zoom_button = child (window, "zoom_button");

  while (gtk_widget_get_width (GTK_WIDGET (canvas)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (sb_canvas_get_zoom (canvas), ==, 1.0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (zoom_button)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (sb_canvas_get_zoom (canvas), 2.0, 1e-9);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (zoom_button)));
  g_assert_cmpstr (gtk_button_get_label (zoom_button), ==, "200 %");

  /* Zoomed about the middle: the middle of the view is still the middle of
   * the page. The arrow keys' action moves the page by 48 px a step. */
  {
    double cx = gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0;
    double cy = gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0;
    double side = MIN (cx, cy) * 2 * 2;
    double sx, sy;

    sb_canvas_widget_to_sketch (canvas, cx, cy, &sx, &sy);
    g_assert_cmpfloat_with_epsilon (sx, SB_SKETCH_SIZE / 2.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (sy, SB_SKETCH_SIZE / 2.0, 1e-6);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.pan", "(ii)", 1, 0));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (canvas), "canvas.pan", "(ii)", 0, -4));
    sb_canvas_widget_to_sketch (canvas, cx, cy, &sx, &sy);
    g_assert_cmpfloat_with_epsilon (sx, SB_SKETCH_SIZE / 2.0 + 48 * SB_SKETCH_SIZE / side, 1e-6);
    g_assert_cmpfloat_with_epsilon (sy, SB_SKETCH_SIZE / 2.0 - 4 * 48 * SB_SKETCH_SIZE / side, 1e-6);
  }

  for (guint i = 0; i < 10; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "sketch.zoom-in", NULL);
  g_assert_cmpfloat (sb_canvas_get_zoom (canvas), ==, 8.0);
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.zoom-out", NULL);
  g_assert_cmpfloat_with_epsilon (sb_canvas_get_zoom (canvas), 4 * G_SQRT2, 1e-9);

  g_signal_emit_by_name (zoom_button, "clicked");
  g_assert_cmpfloat (sb_canvas_get_zoom (canvas), ==, 1.0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (zoom_button)));
  gtk_widget_activate_action (GTK_WIDGET (window), "sketch.zoom-out", NULL);
  g_assert_cmpfloat (sb_canvas_get_zoom (canvas), ==, 1.0);

  g_assert_false (sb_canvas_get_picking (canvas));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "sketch.pick-color", NULL));
  g_assert_true (sb_canvas_get_picking (canvas));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (canvas));

  close_window (window);
}

static GtkWidget *
find_counting (GtkWidget *root,
               GType      type,
               guint     *left)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (*left)-- == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_counting (child, type, left);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The @n-th (from 0) widget of @type under @root, depth first. */
static GtkWidget *
find_nth (GtkWidget *root,
          GType      type,
          guint      n)
{
  GtkWidget *found = find_counting (root, type, &n);

  g_assert_nonnull (found);
  return found;
}

/* The colour popover: a palette swatch, the hex code and the sliders set the
 * pen at once; what was chosen outside the palette is remembered, newest
 * first, and offered again. */
static void
test_window_color_picker (void)
{
  g_autoptr(GSettings) settings = new_settings ();
  SbWindow *window = open_window (settings);
  SbSketch *sketch = sb_window_get_sketch (window);
  GtkWidget *picker = child (window, "color_picker");
  GtkMenuButton *button = GTK_MENU_BUTTON (adw_bin_get_child (ADW_BIN (picker)));
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  GtkWidget *content = gtk_popover_get_child (GTK_POPOVER (popover));
  g_autoptr(GVariant) recent = NULL;
  const guint32 *colors;
  gsize n_colors;
  GtkWidget *entry, *yellow;

  g_assert_false (gtk_widget_get_visible (popover));
  sb_color_picker_popup (SB_COLOR_PICKER (picker));
  wait_for_layout ();
  g_assert_true (gtk_widget_get_visible (popover));

  /* The palette's seventh swatch: yellow, named so. */
  yellow = find_nth (content, GTK_TYPE_TOGGLE_BUTTON, 6);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (yellow), ==, "Yellow");
  g_signal_emit_by_name (yellow, "clicked");
  g_assert_cmphex (sb_sketch_get_color (sketch), ==, 0xF6D32D);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (yellow)));

  /* The hex code; a bad one is marked and changes nothing. */
  entry = find_nth (content, GTK_TYPE_ENTRY, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "#12345g");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmphex (sb_sketch_get_color (sketch), ==, 0xF6D32D);
  gtk_editable_set_text (GTK_EDITABLE (entry), "#123456");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmphex (sb_sketch_get_color (sketch), ==, 0x123456);
  g_assert_false (gtk_widget_has_css_class (entry, "error"));

  /* Brightness to zero: black, whatever the hue. */
  gtk_range_set_value (GTK_RANGE (find_nth (content, GTK_TYPE_SCALE, 2)), 0);
  g_assert_cmphex (sb_sketch_get_color (sketch), ==, 0x000000);
  gtk_range_set_value (GTK_RANGE (find_nth (content, GTK_TYPE_SCALE, 2)), 100);
  g_assert_cmphex (sb_sketch_get_color (sketch), !=, 0x000000);

  /* Closed on a colour of its own: remembered first, and offered. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "#abcdef");
  g_signal_emit_by_name (entry, "activate");
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_for_layout ();
  recent = g_settings_get_value (settings, "recent-colors");
  colors = g_variant_get_fixed_array (recent, &n_colors, sizeof (guint32));
  g_assert_cmpuint (n_colors, ==, 1);
  g_assert_cmphex (colors[0], ==, 0xABCDEF);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_nth (content, GTK_TYPE_TOGGLE_BUTTON, 12)), ==, "#ABCDEF");

  /* A palette colour is not "recent"; the eyedropper's pick is. */
  sb_sketch_set_color (sketch, 0xE01B24);
  sb_sketch_set_color (sketch, 0x0A0B0C);
  g_clear_pointer (&recent, g_variant_unref);
  recent = g_settings_get_value (settings, "recent-colors");
  colors = g_variant_get_fixed_array (recent, &n_colors, sizeof (guint32));
  g_assert_cmpuint (n_colors, ==, 2);
  g_assert_cmphex (colors[0], ==, 0x0A0B0C);
  g_assert_cmphex (colors[1], ==, 0xABCDEF);

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/defaults", test_window_defaults);
  g_test_add_func ("/window/focus-with-sketch", test_window_focus_with_sketch);
  g_test_add_func ("/window/prompt-limit", test_window_prompt_limit);
  g_test_add_func ("/window/parameters-persist", test_window_parameters_persist);
  g_test_add_func ("/window/size-persists", test_window_size_persists);
  g_test_add_func ("/window/sketch-actions", test_window_sketch_actions);
  g_test_add_func ("/window/viewer", test_window_viewer);
  g_test_add_func ("/window/about", test_window_about);
  g_test_add_func ("/window/bomb-refused", test_window_bomb_refused);
  g_test_add_func ("/window/gallery", test_window_gallery);
  g_test_add_func ("/window/zoom", test_window_zoom);
  g_test_add_func ("/window/menu-tooltips", test_window_menu_tooltips);
  g_test_add_func ("/window/canvas-cache", test_window_canvas_cache);
  g_test_add_func ("/window/color-picker", test_window_color_picker);

  return g_test_run ();
}
