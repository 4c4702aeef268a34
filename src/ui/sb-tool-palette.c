/* sb-tool-palette.c: pen, eraser, width, colours, above the canvas
 *
 * The buttons act through the window's "sketch" actions (tool, colour,
 * smoothing, extraction); the palette binds the width and the free colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-tool-palette"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sb-tool-palette.h"
#include "sb-widget-compat.h"

struct _SbToolPalette
{
  AdwBin         parent_instance;

  SbSketch      *sketch;
  GtkAdjustment *width_adjustment;
  AdwBin        *color_slot;
  GtkWidget     *color_button;
};

G_DEFINE_FINAL_TYPE (SbToolPalette, sb_tool_palette, ADW_TYPE_BIN)

static void
on_color_chosen (SbToolPalette *self)
{
  g_autoptr(GdkRGBA) rgba = NULL;

  if (self->sketch == NULL)
    return;

  g_object_get (self->color_button, "rgba", &rgba, NULL);
  sb_sketch_set_color (self->sketch,
                       ((guint32) round (rgba->red * 255) << 16) |
                       ((guint32) round (rgba->green * 255) << 8) |
                       (guint32) round (rgba->blue * 255));
  sb_sketch_set_tool (self->sketch, SB_TOOL_PEN);
}

void
sb_tool_palette_set_sketch (SbToolPalette *self,
                            SbSketch      *sketch)
{
  g_return_if_fail (SB_IS_TOOL_PALETTE (self));
  g_return_if_fail (self->sketch == NULL);

  self->sketch = g_object_ref (sketch);
  g_object_bind_property (sketch, "width", self->width_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

static void
sb_tool_palette_dispose (GObject *object)
{
  SbToolPalette *self = SB_TOOL_PALETTE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_TOOL_PALETTE);
  g_clear_object (&self->sketch);

  G_OBJECT_CLASS (sb_tool_palette_parent_class)->dispose (object);
}

static void
sb_tool_palette_class_init (SbToolPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_tool_palette_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-tool-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, color_slot);
}

static void
sb_tool_palette_init (SbToolPalette *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->color_button = sb_color_button_new (&(GdkRGBA) { 0x91 / 255., 0x41 / 255., 0xac / 255., 1 },   /* purple */
                                            _("Pen Colour"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->color_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pen colour"),
                                  -1);
  sb_name_inner_button (self->color_button, _("Pen colour"));
  adw_bin_set_child (self->color_slot, self->color_button);
  g_signal_connect_object (self->color_button, "notify::rgba", G_CALLBACK (on_color_chosen), self, G_CONNECT_SWAPPED);
}
