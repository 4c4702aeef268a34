/* sb-tool-palette.c: pen, eraser, width, colours, above the canvas
 *
 * The buttons act through the window's "sketch" actions (tool, colour,
 * smoothing, extraction); the palette binds the width and the free colour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-tool-palette"

#include "config.h"


#include "sb-adaptive-bin.h"
#include "sb-color-picker.h"
#include "sb-tool-palette.h"
#include "sb-widget-compat.h"

struct _SbToolPalette
{
  AdwBin         parent_instance;

  SbSketch      *sketch;
  GtkAdjustment *width_adjustment;
  SbColorPicker *color_picker;
  GtkWidget     *size_buttons;
  GtkWidget     *width_spin;
  GtkWidget     *size_separator;
  GtkWidget     *smooth_button;
  GtkWidget     *photo_button;
  GtkWidget     *more_button;
};

G_DEFINE_FINAL_TYPE (SbToolPalette, sb_tool_palette, ADW_TYPE_BIN)

void
sb_tool_palette_set_sketch (SbToolPalette *self,
                            SbSketch      *sketch)
{
  g_return_if_fail (SB_IS_TOOL_PALETTE (self));
  g_return_if_fail (self->sketch == NULL);

  self->sketch = g_object_ref (sketch);
  g_object_bind_property (sketch, "width", self->width_adjustment, "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  sb_color_picker_set_sketch (self->color_picker, sketch);
}

/* The recent colours are kept in @settings. */
void
sb_tool_palette_bind (SbToolPalette *self,
                      GSettings     *settings)
{
  g_return_if_fail (SB_IS_TOOL_PALETTE (self));

  sb_color_picker_bind (self->color_picker, settings);
}

/* Without room for all of it, the tools and colours stay in sight and
 * brush sizes, smoothing and "photo" move into a menu. */
static void
on_fit_changed (SbToolPalette *self,
                GParamSpec    *pspec,
                SbAdaptiveBin *fit)
{
  gboolean compact = sb_adaptive_bin_get_compact (fit);

  gtk_widget_set_visible (self->size_buttons, !compact);
  gtk_widget_set_visible (self->width_spin, !compact);
  gtk_widget_set_visible (self->size_separator, !compact);
  gtk_widget_set_visible (self->smooth_button, !compact);
  gtk_widget_set_visible (self->photo_button, !compact);
  gtk_widget_set_visible (self->more_button, compact);
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

  g_type_ensure (SB_TYPE_ADAPTIVE_BIN);
  g_type_ensure (SB_TYPE_COLOR_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-tool-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, width_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, color_picker);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, size_buttons);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, width_spin);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, size_separator);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, smooth_button);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, photo_button);
  gtk_widget_class_bind_template_child (widget_class, SbToolPalette, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_fit_changed);
}

static void
sb_tool_palette_init (SbToolPalette *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Newer GTK names a button after its label before its own name: screen
   * readers would hear "S" or "Photo", not "Thin brush" or what Photo does. */
  for (GtkWidget *button = gtk_widget_get_first_child (self->size_buttons); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->smooth_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->photo_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}
