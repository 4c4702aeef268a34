/* sb-gui-test-util.c: what the GUI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sb-gui-test-util.h"

static GObject *
find_in (GtkWidget  *widget,
         const char *name)
{
  /* Composite widgets (the window and its parts) name their children. */
  for (GType type = G_OBJECT_TYPE (widget); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    {
      GObject *object = gtk_widget_get_template_child (widget, type, name);

      if (object != NULL)
        return object;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GObject *object = find_in (child, name);

      if (object != NULL)
        return object;
    }
  return NULL;
}

/* The template child @name of @root or of any part inside it: the tests
 * need not know which part holds a control. */
gpointer
sb_gui_test_find_child (GtkWidget  *root,
                        const char *name)
{
  GObject *object = find_in (root, name);

  if (object == NULL)
    g_error ("No template child “%s” in %s", name, G_OBJECT_TYPE_NAME (root));
  return object;
}

/**
 * sb_gui_test_generator_new:
 * @data_directory: (nullable): where the history goes; NULL for a new
 *   temporary folder
 */
SbGenerator *
sb_gui_test_generator_new (GSettings *settings,
                           GFile     *data_directory)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GFile) temporary = NULL;

  if (data_directory == NULL)
    {
      tmp = g_dir_make_tmp ("sketchbloom-test-XXXXXX", NULL);
      g_assert_nonnull (tmp);
      temporary = g_file_new_for_path (tmp);
    }
  return sb_generator_new (settings, data_directory != NULL ? data_directory : temporary);
}

/* Settings of the app's schema, in memory only. */
GSettings *
sb_gui_test_settings_new (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (SCHEMA_ID, backend);
}

/* Drops the last reference to @object and checks it is finalized, once
 * what it started (cancelled by its dispose) has called back. */
void
sb_gui_test_assert_finalized (gpointer object)
{
  gpointer weak = object;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  while (weak != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_null (weak);
}

/* Returns: (transfer none) (nullable): a window of @type, such as the viewer */
GtkWindow *
sb_gui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WINDOW (window);   /* the toplevels list holds it */
    }
  return NULL;
}

/* What @widget shows once its frames are drawn; with SB_SCREENSHOT_DIR set,
 * saved there as PREFIX-LANG-NAME.png (LANG from SB_SCREENSHOT_LANG). */
void
sb_gui_test_save_screenshot (GtkWidget  *widget,
                             const char *prefix,
                             const char *name)
{
  const char *directory = g_getenv ("SB_SCREENSHOT_DIR");
  const char *language = g_getenv ("SB_SCREENSHOT_LANG");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  int width = 0, height = 0;

  /* Frames drawn: rows laid out, thumbnails decoded. */
  while (g_get_monotonic_time () < settle)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  if (directory == NULL)
    return;

  /* What the widget last drew: wait for a first frame if it has none yet. */
  paintable = gtk_widget_paintable_new (widget);
  settle = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (node == NULL && g_get_monotonic_time () < settle)
    {
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL && !g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s-%s-%s.png", prefix, language != NULL ? language : "en", name);
  path = g_build_filename (directory, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("%s: %d×%d", path, width, height);
}
