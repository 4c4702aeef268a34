/* sb-image-viewer.c: one generated picture, large, with what can be done with it
 *
 * A window of the main one, titled with what made the picture; the sketch
 * that was sent beside it; a filmstrip of the generation's pictures, which
 * previous, next, Home and End walk; Delete moves on to the next. Two
 * labelled main actions (Use as Sketch, Save As…), the rest in a menu,
 * Delete last. Save As copies the file where the user
 * chooses (through the file chooser portal in a sandbox); Copy puts the
 * picture on the clipboard; Send to Canvas makes it the sketch (the main
 * window's win.send-to-canvas); Show in Folder opens its folder. The picture
 * decodes off the main thread (sb_texture_load_async).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-image-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-engine.h"
#include "sb-image-viewer.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-texture.h"
#include "sb-widget-compat.h"

struct _SbImageViewer
{
  AdwWindow        parent_instance;

  GPtrArray       *files;      /* of GFile, the gallery's order */
  SbHistory       *history;    /* what made each picture, for the title */
  guint            position;
  GdkTexture      *texture;
  GCancellable    *cancellable;

  GFile           *sketch;     /* shown beside the picture */
  gboolean         moving;     /* the filmstrip follows the position */

  AdwToastOverlay *toast_overlay;
  GtkPicture      *picture;
  AdwWindowTitle  *title;
  GtkWidget       *sketch_pane;
  GtkPicture      *sketch_picture;
  GtkBox          *filmstrip;
  GMenu           *more_menu;
  GtkWidget       *picture_scroller;
  GtkWidget       *actual_size_button;
  gboolean         actual_size;
  GMenu           *enlarge_section;   /* the factors the picture shown can take */
};

G_DEFINE_FINAL_TYPE (SbImageViewer, sb_image_viewer, ADW_TYPE_WINDOW)

static void
toast (SbImageViewer *self,
       const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* Fit, or every pixel (Ctrl+1): an enlarged picture is looked at closely. */
enum {
  PROP_0,
  PROP_ACTUAL_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_actual_size (SbImageViewer *self,
                 gboolean       actual)
{
  if (self->actual_size == actual)
    return;
  self->actual_size = actual;
  gtk_picture_set_can_shrink (self->picture, !actual);
  gtk_widget_set_halign (GTK_WIDGET (self->picture), actual ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  gtk_widget_set_valign (GTK_WIDGET (self->picture), actual ? GTK_ALIGN_CENTER : GTK_ALIGN_FILL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTUAL_SIZE]);
}

/* Ctrl+0 fits it; Ctrl+1 shows every pixel. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  set_actual_size (SB_IMAGE_VIEWER (widget), g_str_equal (action_name, "viewer.zoom-actual"));
}

static void
sb_image_viewer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTUAL_SIZE:
      g_value_set_boolean (value, SB_IMAGE_VIEWER (object)->actual_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_image_viewer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_ACTUAL_SIZE:
      set_actual_size (SB_IMAGE_VIEWER (object), g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Making more from the picture: Same Seed, then Enlarge 2×, 3×, 4×, each
 * with the size it makes and its price, before anything is spent; only the
 * factors whose result the app can take. */
static void
update_enlarge_section (SbImageViewer *self)
{
  int side = self->texture != NULL ? MAX (gdk_texture_get_width (self->texture),
                                          gdk_texture_get_height (self->texture)) : 0;

  g_menu_remove_all (self->enlarge_section);
  g_menu_append (self->enlarge_section, _("Same _Seed, to Vary the Prompt"), "viewer.same-seed");
  for (int factor = 2; side > 0 && factor <= sb_engine_enlarge.max_factor; factor++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (side * factor > SB_IMAGE_MAX_SIDE || side < sb_engine_enlarge.min_side)
        continue;
      /* Translators: a menu item: how much larger, the size it makes, the price */
      label = g_strdup_printf (_("Enlarge %d× (%d px) · %.2f CNY"), factor, side * factor, sb_engine_enlarge.price_cny);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "viewer.enlarge", g_variant_new_int32 (factor));
      g_menu_append_item (self->enlarge_section, item);
    }
}

static void
enlarge_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  if (parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.enlarge", "(si)", uri, g_variant_get_int32 (parameter));
  toast (self, _("Enlarging: the larger picture comes beside this one in the gallery"));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  g_set_object (&self->texture, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy", TRUE);
  update_enlarge_section (self);
}

static void
on_sketch_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  /* A sketch that was already online was never kept: no pane then. */
  gtk_picture_set_paintable (self->sketch_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->sketch_pane, texture != NULL);
}

/* The sketch that made the picture at the current position. */
static void
show_sketch (SbImageViewer  *self,
             SbHistoryEntry *entry)
{
  /* An enlargement's "sketch" is the picture it enlarged: no sketch to show. */
  gboolean drawn = entry != NULL && sb_params_get_engine (sb_history_entry_get_params (entry))->kind == SB_ENGINE_DRAWS;
  g_autoptr(GFile) sketch = drawn ? g_file_get_child (sb_history_entry_get_directory (entry), "sketch.png") : NULL;

  if (sketch == NULL)
    {
      g_clear_object (&self->sketch);
      gtk_widget_set_visible (self->sketch_pane, FALSE);
      return;
    }
  if (self->sketch != NULL && g_file_equal (self->sketch, sketch))
    return;

  g_set_object (&self->sketch, sketch);
  sb_texture_load_async (sketch, self->cancellable, on_sketch_loaded, g_object_ref (self));
}

static void
update_filmstrip (SbImageViewer *self)
{
  guint i = 0;

  self->moving = TRUE;
  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip)); item != NULL;
       item = gtk_widget_get_next_sibling (item), i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (item), i == self->position);
  self->moving = FALSE;
}

/* Titled with what made the picture: its prompt; then its style, weight
 * and place ("Watercolor · weight 7 · 2 of 4"). A file name says nothing. */
static void
show_position (SbImageViewer *self)
{
  GFile *file = sb_image_viewer_get_file (self);
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (entry != NULL)
    {
      SbParams *params = sb_history_entry_get_params (entry);

      const SbEngine *engine = sb_params_get_engine (params);

      title = g_strdup (sb_params_get_prompt (params));
      if (sb_engine_takes (engine, SB_ENGINE_TAKES_FACTOR))
        /* Translators: an enlarged picture: how much larger · which picture of how many */
        subtitle = g_strdup_printf (_("%d× larger · %u of %u"), sb_params_get_factor (params),
                                    self->position + 1, self->files->len);
      else if (sb_engine_takes (engine, SB_ENGINE_TAKES_SEED))
        {
          g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, sb_params_get_seed (params));

          /* Translators: engine · style · the seed it was made with · which picture of how many */
          subtitle = g_strdup_printf (_("%s · %s · seed %s · %u of %u"), sb_engine_get_label (engine),
                                      sb_style_get_label (sb_params_get_style (params)), seed,
                                      self->position + 1, self->files->len);
        }
      else
        /* Translators: style · sketch weight · which picture of how many */
        subtitle = g_strdup_printf (_("%s · weight %d · %u of %u"), sb_style_get_label (sb_params_get_style (params)),
                                    sb_params_get_sketch_weight (params), self->position + 1, self->files->len);
    }
  else
    {
      title = g_file_get_basename (file);
      subtitle = g_strdup_printf (_("%u of %u"), self->position + 1, self->files->len);
    }

  adw_window_title_set_title (self->title, title);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);   /* for the window list and screen readers */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.previous", self->position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.next", self->position + 1 < self->files->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.copy", FALSE);
  /* Same Seed: for a picture whose seed is known. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "viewer.same-seed",
                                 entry != NULL && sb_params_get_seed (sb_history_entry_get_params (entry)) >= 0 &&
                                 sb_engine_takes (sb_params_get_engine (sb_history_entry_get_params (entry)),
                                                  SB_ENGINE_TAKES_SEED));

  g_clear_object (&self->texture);
  set_actual_size (self, FALSE);
  sb_texture_load_async (file, self->cancellable, on_loaded, g_object_ref (self));
  show_sketch (self, entry);
  update_filmstrip (self);
}

static void
on_strip_thumbnail (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
on_strip_toggled (GtkToggleButton *item,
                  SbImageViewer   *self)
{
  guint i = 0;

  if (self->moving || !gtk_toggle_button_get_active (item))
    {
      /* The current one stays pressed. */
      if (!self->moving)
        update_filmstrip (self);
      return;
    }

  for (GtkWidget *other = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip)); other != NULL;
       other = gtk_widget_get_next_sibling (other), i++)
    if (other == GTK_WIDGET (item))
      {
        self->position = i;
        show_position (self);
        return;
      }
}

/* A small picture per file; the current one pressed. */
static void
build_filmstrip (SbImageViewer *self)
{
  GtkWidget *item;

  while ((item = gtk_widget_get_first_child (GTK_WIDGET (self->filmstrip))) != NULL)
    gtk_box_remove (self->filmstrip, item);

  for (guint i = 0; i < self->files->len; i++)
    {
      GtkWidget *picture = gtk_picture_new ();
      /* Translators: a picture in the viewer's filmstrip, e.g. "Picture 2 of 4" */
      g_autofree char *name = g_strdup_printf (_("Picture %u of %u"), i + 1, self->files->len);

      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_size_request (picture, 56, 56);
      item = gtk_toggle_button_new ();
      gtk_button_set_child (GTK_BUTTON (item), picture);
      gtk_widget_add_css_class (item, "flat");
      gtk_widget_add_css_class (item, "filmstrip-item");
      gtk_widget_set_tooltip_text (item, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect (item, "toggled", G_CALLBACK (on_strip_toggled), self);
      gtk_box_append (self->filmstrip, item);
      sb_texture_load_async (g_ptr_array_index (self->files, i), self->cancellable, on_strip_thumbnail,
                             g_object_ref (picture));
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->filmstrip)), self->files->len > 1);
}

static void
step (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  if (g_str_equal (action_name, "viewer.previous") && self->position > 0)
    self->position--;
  else if (g_str_equal (action_name, "viewer.next") && self->position + 1 < self->files->len)
    self->position++;
  else if (g_str_equal (action_name, "viewer.first") && self->position > 0)
    self->position = 0;
  else if (g_str_equal (action_name, "viewer.last") && self->position + 1 < self->files->len)
    self->position = self->files->len - 1;
  else
    return;

  show_position (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  if (self->texture == NULL)
    return;

  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), self->texture);
  toast (self, _("Copied to the clipboard"));
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_file_copy_finish (G_FILE (source), result, &error))
    toast (self, _("Saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

/* The file chooser's answer lands here, as does a test's path. */
static void
save_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  g_autoptr(GFile) destination = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  g_file_copy_async (sb_image_viewer_get_file (self), destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     self->cancellable, NULL, NULL, on_saved, g_object_ref (self));
}

static void
save_to (SbImageViewer *self,
         GFile         *destination)
{
  g_autofree char *uri = g_file_get_uri (destination);

  gtk_widget_activate_action (GTK_WIDGET (self), "viewer.save-to", "s", uri);
}

static void
on_save_chosen (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GFile) file = sb_choose_file_finish (result, NULL);

  if (file != NULL)
    save_to (self, file);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GFile *file = sb_image_viewer_get_file (self);
  g_autofree char *basename = g_file_get_basename (file);
  SbHistoryEntry *entry = self->history != NULL ? sb_history_find_image (self->history, file) : NULL;
  g_autofree char *name = entry != NULL ? sb_history_entry_suggest_name (entry, basename) : g_strdup (basename);
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  g_autoptr(GFile) folder = pictures != NULL ? g_file_new_for_path (pictures) : NULL;

  /* Named for what it shows, in the Pictures folder: not a UUID in the
   * folder the app was started from. */
  sb_choose_file_async (GTK_WINDOW (self), SB_CHOOSE_SAVE, _("Save Picture"), _("_Save"),
                        NULL, folder, name, self->cancellable, on_save_chosen, g_object_ref (self));
}

static void
send_to_canvas_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.send-to-canvas", "s", uri);
  gtk_window_close (GTK_WINDOW (self));
}

/* The main window's to do: it knows the history and the canvas. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *uri = g_file_get_uri (sb_image_viewer_get_file (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent),
                                g_str_equal (action_name, "viewer.delete") ? "win.delete-image" :
                                g_str_equal (action_name, "viewer.trace") ? "win.trace" :
                                g_str_equal (action_name, "viewer.same-seed") ? "win.same-seed" : "win.reuse",
                                "s", uri);

  /* Deleted (Undo is on the main window): on to the next picture, or the
   * one before the last; the viewer closes with the last one. */
  if (g_str_equal (action_name, "viewer.delete") && self->files->len > 1)
    {
      g_ptr_array_remove_index (self->files, self->position);
      self->position = MIN (self->position, self->files->len - 1);
      build_filmstrip (self);
      show_position (self);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_folder_shown (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SbImageViewer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (sb_show_in_folder_finish (result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Say why (in a sandbox: the desktop had no file manager to offer). */
  text = g_strdup_printf (_("The folder could not be shown: %s"), error->message);
  toast (self, text);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (widget);

  sb_show_in_folder_async (GTK_WINDOW (self), sb_image_viewer_get_file (self), self->cancellable,
                           on_folder_shown, g_object_ref (self));
}

static void
sb_image_viewer_dispose (GObject *object)
{
  SbImageViewer *self = SB_IMAGE_VIEWER (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_IMAGE_VIEWER);
  g_clear_object (&self->texture);
  g_clear_object (&self->sketch);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->enlarge_section);

  G_OBJECT_CLASS (sb_image_viewer_parent_class)->dispose (object);
}

static void
sb_image_viewer_class_init (SbImageViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_image_viewer_dispose;
  object_class->get_property = sb_image_viewer_get_property;
  object_class->set_property = sb_image_viewer_set_property;

  /**
   * SbImageViewer:actual-size:
   *
   * Every pixel shown (the picture scrolls), rather than the whole fitted.
   */
  properties[PROP_ACTUAL_SIZE] =
    g_param_spec_boolean ("actual-size", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-image-viewer.ui");
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, picture);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, title);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, sketch_pane);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, sketch_picture);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, filmstrip);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, more_menu);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, picture_scroller);
  gtk_widget_class_bind_template_child (widget_class, SbImageViewer, actual_size_button);

  gtk_widget_class_install_action (widget_class, "viewer.previous", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.next", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.first", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.last", NULL, step);
  gtk_widget_class_install_action (widget_class, "viewer.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "viewer.save-to", "s", save_to_action);
  gtk_widget_class_install_action (widget_class, "viewer.send-to-canvas", NULL, send_to_canvas_action);
  gtk_widget_class_install_action (widget_class, "viewer.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "viewer.delete", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.reuse", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.trace", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.same-seed", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "viewer.enlarge", "i", enlarge_action);
  gtk_widget_class_install_property_action (widget_class, "viewer.actual-size", "actual-size");
  gtk_widget_class_install_action (widget_class, "viewer.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "viewer.zoom-actual", NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "viewer.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "viewer.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "viewer.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "viewer.zoom-actual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "viewer.delete", NULL);
}

static void
sb_image_viewer_init (SbImageViewer *self)
{
  static const struct { guint key; const char *action; } keys[] = {
    { GDK_KEY_Left, "viewer.previous" },
    { GDK_KEY_Right, "viewer.next" },
    { GDK_KEY_Home, "viewer.first" },
    { GDK_KEY_End, "viewer.last" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->enlarge_section = g_menu_new ();
  /* After the first section, whose order the keyboard knows; before Delete. */
  g_menu_insert_section (self->more_menu, 1, NULL, G_MENU_MODEL (self->enlarge_section));

  /* In the capture phase: the arrows change the picture wherever the focus
   * is, rather than moving it along the header bar. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * sb_image_viewer_new:
 * @files: (element-type GFile): the pictures to walk through: a generation's
 * @position: the one to show first
 * @history: (nullable): what made them, for the title
 */
SbImageViewer *
sb_image_viewer_new (GtkWindow *parent,
                     GPtrArray *files,
                     guint      position,
                     SbHistory *history)
{
  SbImageViewer *self;

  g_return_val_if_fail (files != NULL && position < files->len, NULL);

  self = g_object_new (SB_TYPE_IMAGE_VIEWER, "transient-for", parent, NULL);
  /* A copy: Delete takes pictures out of it. */
  self->files = g_ptr_array_copy (files, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (self->files, g_object_unref);
  self->history = history != NULL ? g_object_ref (history) : NULL;
  self->position = position;
  build_filmstrip (self);
  show_position (self);

  return self;
}

GFile *
sb_image_viewer_get_file (SbImageViewer *self)
{
  g_return_val_if_fail (SB_IS_IMAGE_VIEWER (self), NULL);

  return g_ptr_array_index (self->files, self->position);
}
