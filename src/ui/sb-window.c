/* sb-window.c: the main window
 *
 * The window composes the canvas, the generation parameters and the gallery
 * pane; it keeps no state of its own beyond what GSettings persists.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sb-canvas.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-window.h"

struct _SbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  SbSketch             *sketch;

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
};

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
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

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SbWindow *self = SB_WINDOW (widget);
  const char *prompt = gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (prompt));

  if (sb_sketch_is_empty (self->sketch))
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

  /* The DashScope client is not part of this build yet; say so rather than
   * pretend to generate. */
  show_toast (self, _("Generating is not available in this version yet"));
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
        markup = _("Follow loosely");
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
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_WINDOW);
  g_clear_object (&self->sketch);
  g_clear_object (&self->settings);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_window_class_init (SbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

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

  gtk_widget_class_install_action (widget_class, "win.generate", NULL, generate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.generate", NULL);
}

static void
sb_window_init (SbWindow *self)
{
  g_autoptr(GListModel) styles = create_style_model ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* GTK 4.8 names a button by its label property *and* the label it is
   * labelled by, so screen readers would say "Generate Generate". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->generate_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  self->sketch = sb_sketch_new ();
  sb_canvas_set_sketch (self->canvas, self->sketch);

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

SbWindow *
sb_window_new (GtkApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (SB_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

SbSketch *
sb_window_get_sketch (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);

  return self->sketch;
}
