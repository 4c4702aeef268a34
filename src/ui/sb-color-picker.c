/* sb-color-picker.c: the pen colour beyond the toolbar's swatches
 *
 * A button showing the pen's colour opens a popover (no dialog to confirm):
 * a palette, the colours last used outside it (kept in GSettings), hue,
 * saturation and brightness sliders with the hex code, and the eyedropper.
 * Every choice applies at once through the sketch's colour; the swatches
 * are toggles of the window's "sketch.color" action, so the one in use is
 * checked, for the eye and for screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-color-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-color-picker.h"
#include "sb-widget-compat.h"

#define MAX_RECENT 8

struct _SbColorPicker
{
  AdwBin          parent_instance;

  SbSketch       *sketch;
  GSettings      *settings;
  GtkMenuButton  *button;
  GtkWidget      *current;      /* the pen's colour on the button */
  GtkPopover     *popover;
  GtkWidget      *recent_box;
  GtkWidget      *recent_label;
  GtkAdjustment  *hue;
  GtkAdjustment  *saturation;
  GtkAdjustment  *brightness;
  GtkEntry       *hex_entry;
  gboolean        syncing;      /* the sliders follow the sketch: no echo */
  gboolean        sliding;      /* the sketch follows the sliders: they stay put */
};

G_DEFINE_FINAL_TYPE (SbColorPicker, sb_color_picker, ADW_TYPE_BIN)

/* The palette: GNOME's, with names screen readers say. */
static const struct {
  guint32     color;
  const char *name;
} palette[] = {
  { 0x000000, N_("Black") },
  { 0x5E5C64, N_("Grey") },
  { 0xFFFFFF, N_("White") },
  { 0x865E3C, N_("Brown") },
  { 0xE01B24, N_("Red") },
  { 0xE66100, N_("Orange") },
  { 0xF6D32D, N_("Yellow") },
  { 0x2EC27E, N_("Green") },
  { 0x1C71D8, N_("Blue") },
  { 0x99C1F1, N_("Light blue") },
  { 0x9141AC, N_("Purple") },
  { 0xDC8ADD, N_("Pink") },
};

/* 0xRRGGBB from components in [0, 1]. */
static guint32
pack_color (double red,
            double green,
            double blue)
{
  return ((guint32) (red * 255 + 0.5) << 16) | ((guint32) (green * 255 + 0.5) << 8) | (guint32) (blue * 255 + 0.5);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  guint32 color = GPOINTER_TO_UINT (user_data);
  double radius = MIN (width, height) / 2.0 - 1;

  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, ((color >> 16) & 0xFF) / 255.0, ((color >> 8) & 0xFF) / 255.0, (color & 0xFF) / 255.0);
  cairo_fill_preserve (cr);
  /* A rim, so white shows on white and black on a dark theme. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.6);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static GtkWidget *
swatch_button_new (guint32     color,
                   const char *name)
{
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *swatch = gtk_drawing_area_new ();
  g_autofree char *hex = g_strdup_printf ("#%06X", color);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 20);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 20);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, GUINT_TO_POINTER (color), NULL);
  gtk_button_set_child (GTK_BUTTON (button), swatch);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sketch.color");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_uint32 (color));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "swatch-button");
  gtk_widget_set_tooltip_text (button, name != NULL ? name : hex);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name != NULL ? name : hex, -1);
  return button;
}

static gboolean
in_palette (guint32 color)
{
  /* The toolbar's five are in the palette too. */
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    if (palette[i].color == color)
      return TRUE;
  return FALSE;
}

static void
update_recent (SbColorPicker *self)
{
  g_autoptr(GVariant) recent = NULL;
  GtkWidget *child;
  gsize n = 0;
  const guint32 *colors = NULL;

  while ((child = gtk_widget_get_first_child (self->recent_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->recent_box), child);

  if (self->settings != NULL)
    {
      recent = g_settings_get_value (self->settings, "recent-colors");
      colors = g_variant_get_fixed_array (recent, &n, sizeof (guint32));
    }
  for (gsize i = 0; i < MIN (n, MAX_RECENT); i++)
    gtk_box_append (GTK_BOX (self->recent_box), swatch_button_new (colors[i] & 0xFFFFFF, NULL));
  gtk_widget_set_visible (self->recent_label, n > 0);
  gtk_widget_set_visible (self->recent_box, n > 0);
}

/* A colour from outside the palette goes first in the recent ones. */
static void
remember (SbColorPicker *self,
          guint32        color)
{
  g_autoptr(GVariant) recent = NULL;
  g_autoptr(GArray) colors = g_array_new (FALSE, FALSE, sizeof (guint32));
  const guint32 *old;
  gsize n;

  if (self->settings == NULL || in_palette (color))
    return;

  recent = g_settings_get_value (self->settings, "recent-colors");
  old = g_variant_get_fixed_array (recent, &n, sizeof (guint32));
  if (n > 0 && old[0] == color)
    return;
  g_array_append_val (colors, color);
  for (gsize i = 0; i < n && colors->len < MAX_RECENT; i++)
    if (old[i] != color)
      g_array_append_val (colors, old[i]);
  g_settings_set_value (self->settings, "recent-colors",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, colors->data, colors->len, sizeof (guint32)));
}

static void
draw_current (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  SbColorPicker *self = user_data;
  double cx = width / 2.0, cy = height / 2.0, radius = MIN (width, height) / 2.0;

  /* A ring of hues says "any colour"; the pen's is in the middle. */
  for (int i = 0; i < 12; i++)
    {
      float r, g, b;

      gtk_hsv_to_rgb (i / 12.f, 0.8f, 0.95f, &r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_move_to (cr, cx, cy);
      cairo_arc (cr, cx, cy, radius, i * G_PI / 6 - G_PI / 2, (i + 1) * G_PI / 6 - G_PI / 2 + 0.02);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_translate (cr, 4, 4);
  draw_swatch (area, cr, width - 8, height - 8,
               GUINT_TO_POINTER (self->sketch != NULL ? sb_sketch_get_color (self->sketch) : 0));
}

/* The sliders and the hex code show the pen's colour. */
static void
sync_from_sketch (SbColorPicker *self)
{
  guint32 color = sb_sketch_get_color (self->sketch);
  g_autofree char *hex = g_strdup_printf ("#%06X", color);
  float h, s, v;

  gtk_widget_queue_draw (self->current);
  if (self->sliding)
    return;
  gtk_rgb_to_hsv (((color >> 16) & 0xFF) / 255.f, ((color >> 8) & 0xFF) / 255.f, (color & 0xFF) / 255.f, &h, &s, &v);
  self->syncing = TRUE;
  /* A grey has no hue of its own: the slider keeps the one it has. */
  if (s > 0 && v > 0)
    gtk_adjustment_set_value (self->hue, h * 360);
  if (v > 0)
    gtk_adjustment_set_value (self->saturation, s * 100);
  gtk_adjustment_set_value (self->brightness, v * 100);
  gtk_editable_set_text (GTK_EDITABLE (self->hex_entry), hex);
  self->syncing = FALSE;

  /* Picked from the canvas, or set some other way than this popover. */
  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    remember (self, color);
}

static void
on_slider_changed (SbColorPicker *self)
{
  float r, g, b;

  if (self->syncing || self->sketch == NULL)
    return;

  gtk_hsv_to_rgb (gtk_adjustment_get_value (self->hue) / 360.f,
                  gtk_adjustment_get_value (self->saturation) / 100.f,
                  gtk_adjustment_get_value (self->brightness) / 100.f,
                  &r, &g, &b);
  self->sliding = TRUE;
  sb_sketch_set_color (self->sketch, pack_color (r, g, b));
  sb_sketch_set_tool (self->sketch, SB_TOOL_PEN);
  self->sliding = FALSE;
}

static void
on_hex_activate (SbColorPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->hex_entry));
  GdkRGBA rgba;

  if (self->sketch == NULL)
    return;

  if (!gdk_rgba_parse (&rgba, text))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->hex_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->hex_entry), "error");
  sb_sketch_set_color (self->sketch, pack_color (rgba.red, rgba.green, rgba.blue));
  sb_sketch_set_tool (self->sketch, SB_TOOL_PEN);
}

static void
on_popover_closed (SbColorPicker *self)
{
  if (self->sketch != NULL)
    remember (self, sb_sketch_get_color (self->sketch));
}

static GtkWidget *
slider_new (SbColorPicker  *self,
            GtkAdjustment **adjustment,
            double          upper,
            const char     *name)
{
  GtkWidget *scale;

  *adjustment = gtk_adjustment_new (0, 0, upper, 1, 10, 0);
  scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, *adjustment);
  gtk_widget_set_hexpand (scale, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (scale), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect_object (*adjustment, "value-changed", G_CALLBACK (on_slider_changed), self, G_CONNECT_SWAPPED);
  return scale;
}

static void
build_popover (SbColorPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *sliders = gtk_grid_new ();
  GtkWidget *pick = gtk_button_new_with_mnemonic (_("_Pick from the Canvas"));
  const char *names[] = { N_("Hue"), N_("Saturation"), N_("Brightness") };
  GtkAdjustment **adjustments[] = { &self->hue, &self->saturation, &self->brightness };
  double uppers[] = { 360, 100, 100 };

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    gtk_grid_attach (GTK_GRID (grid), swatch_button_new (palette[i].color, _(palette[i].name)), i % 6, i / 6, 1, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Palette"), -1);
  gtk_box_append (GTK_BOX (box), grid);

  self->recent_label = gtk_label_new (_("Recent"));
  gtk_label_set_xalign (GTK_LABEL (self->recent_label), 0);
  gtk_widget_add_css_class (self->recent_label, "caption-heading");
  gtk_box_append (GTK_BOX (box), self->recent_label);
  self->recent_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->recent_box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Recent colours"), -1);
  gtk_box_append (GTK_BOX (box), self->recent_box);

  gtk_grid_set_column_spacing (GTK_GRID (sliders), 6);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *scale = slider_new (self, adjustments[i], uppers[i], _(names[i]));
      GtkWidget *label = gtk_label_new (_(names[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "caption");
      gtk_grid_attach (GTK_GRID (sliders), label, 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (sliders), scale, 1, i, 1, 1);
    }
  gtk_widget_set_size_request (sliders, 220, -1);
  gtk_box_append (GTK_BOX (box), sliders);

  self->hex_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_width_chars (GTK_EDITABLE (self->hex_entry), 8);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->hex_entry), _("The colour as #RRGGBB; Enter applies it"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->hex_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hex colour code"), -1);
  g_signal_connect_object (self->hex_entry, "activate", G_CALLBACK (on_hex_activate), self, G_CONNECT_SWAPPED);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (pick), "sketch.pick-color");
  gtk_widget_set_tooltip_text (pick, _("Click anywhere on the canvas to take its colour (I, or Alt+click)"));
  gtk_widget_set_hexpand (pick, TRUE);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->hex_entry));
    gtk_box_append (GTK_BOX (row), pick);
    gtk_box_append (GTK_BOX (box), row);
  }

  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->popover, box);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self, G_CONNECT_SWAPPED);
  /* The eyedropper needs the canvas: the popover makes way. */
  g_signal_connect_object (pick, "clicked", G_CALLBACK (gtk_popover_popdown), self->popover, G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->button, GTK_WIDGET (self->popover));
}

static void
sb_color_picker_dispose (GObject *object)
{
  SbColorPicker *self = SB_COLOR_PICKER (object);

  g_clear_object (&self->sketch);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sb_color_picker_parent_class)->dispose (object);
}

static void
sb_color_picker_class_init (SbColorPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_color_picker_dispose;
}

static void
sb_color_picker_init (SbColorPicker *self)
{
  self->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  self->current = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->current), 20);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->current), 20);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->current), draw_current, self, NULL);
  gtk_menu_button_set_child (self->button, self->current);
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->button), "swatch-button");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), _("More colours, recent ones and the eyedropper"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pen colour"), -1);
  sb_name_inner_button (GTK_WIDGET (self->button), _("Pen colour"));
  /* Named once: not also by the menu button around it. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->button)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->button));
  /* Not a nameless "SbColorPicker" to a screen reader either. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pen colour"), -1);
  build_popover (self);
  update_recent (self);
}

GtkWidget *
sb_color_picker_new (void)
{
  return g_object_new (SB_TYPE_COLOR_PICKER, NULL);
}

void
sb_color_picker_set_sketch (SbColorPicker *self,
                            SbSketch      *sketch)
{
  g_return_if_fail (SB_IS_COLOR_PICKER (self));
  g_return_if_fail (self->sketch == NULL);

  self->sketch = g_object_ref (sketch);
  g_signal_connect_object (sketch, "notify::color", G_CALLBACK (sync_from_sketch), self, G_CONNECT_SWAPPED);
  sync_from_sketch (self);
}

/* The recent colours live in @settings ("recent-colors"). */
void
sb_color_picker_bind (SbColorPicker *self,
                      GSettings     *settings)
{
  g_return_if_fail (SB_IS_COLOR_PICKER (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  g_signal_connect_object (settings, "changed::recent-colors", G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);
}

void
sb_color_picker_popup (SbColorPicker *self)
{
  g_return_if_fail (SB_IS_COLOR_PICKER (self));

  gtk_menu_button_popup (self->button);
}
