/* sb-repaint-bar.c: the brush and the words for repainting a region
 *
 * Over the picture on show while a region of it is painted: paint or
 * erase, the brush's size, what the region becomes, and Repaint (or
 * Escape). The canvas paints (sb_canvas_set_mask_brush); the window sends
 * (win.repaint-generate). Built in code: five controls, each named for
 * screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-repaint-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-engine.h"
#include "sb-repaint-bar.h"
#include "sb-widget-compat.h"

struct _SbRepaintBar
{
  GtkBox           parent_instance;

  GtkToggleButton *erase;
  GtkSpinButton   *size;
  GtkEntry        *prompt;
  int              available;      /* the width over the canvas, last told */
  guint            fit_id;
};

/* Below this width over the canvas the brush's size goes (48 stays): the
 * words and Repaint matter more in a phone-sized window. */
#define COMPACT_BELOW 420

G_DEFINE_FINAL_TYPE (SbRepaintBar, sb_repaint_bar, GTK_TYPE_BOX)

enum {
  BRUSH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_brush_changed (SbRepaintBar *self)
{
  g_signal_emit (self, signals[BRUSH_CHANGED], 0);
}

/* Enter in the words repaints, as the button does. */
static void
on_prompt_activate (SbRepaintBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.repaint-generate", NULL);
}

static void
sb_repaint_bar_dispose (GObject *object)
{
  SbRepaintBar *self = SB_REPAINT_BAR (object);

  g_clear_handle_id (&self->fit_id, g_source_remove);

  G_OBJECT_CLASS (sb_repaint_bar_parent_class)->dispose (object);
}

static void
sb_repaint_bar_class_init (SbRepaintBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sb_repaint_bar_dispose;

  /* The brush's size or erasing changed: the canvas follows. */
  signals[BRUSH_CHANGED] = g_signal_new ("brush-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
sb_repaint_bar_init (SbRepaintBar *self)
{
  GtkWidget *repaint = gtk_button_new_with_mnemonic (_("_Repaint"));
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
  /* Translators: the tooltip of Repaint, with the price of one picture */
  g_autofree char *price = g_strdup_printf (_("Repaint the painted region as the words say: one picture, about %.2f CNY"),
                                            sb_engine_repaint.price_cny);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  /* In the stage bar's place (hidden meantime), clear of the zoom button. */
  sb_style_as_canvas_bar (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Repaint a region of the picture"), -1);

  self->erase = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_button_set_icon_name (GTK_BUTTON (self->erase), "edit-clear-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->erase), _("Erase from the region"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->erase), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Erase from the region"), -1);
  g_signal_connect_swapped (self->erase, "toggled", G_CALLBACK (on_brush_changed), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->erase));

  /* The brush's width in the drawing's units, as the pen's. */
  self->size = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (4, 256, 4));
  gtk_spin_button_set_value (self->size, 48);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->size), _("The brush’s size"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->size), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Brush size"), -1);
  g_signal_connect_swapped (self->size, "value-changed", G_CALLBACK (on_brush_changed), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->size));

  self->prompt = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->prompt, _("What the painted region becomes"));
  gtk_entry_set_max_length (self->prompt, sb_engine_repaint.prompt_max_chars);
  gtk_widget_set_hexpand (GTK_WIDGET (self->prompt), TRUE);
  /* It takes the room there is: the buttons stay on screen in a phone-sized window. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->prompt), 3);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What the painted region becomes"), -1);
  g_signal_connect_swapped (self->prompt, "activate", G_CALLBACK (on_prompt_activate), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->prompt));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (repaint), "win.repaint-generate");
  gtk_widget_add_css_class (repaint, "suggested-action");
  gtk_widget_set_tooltip_text (repaint, price);
  gtk_accessible_update_property (GTK_ACCESSIBLE (repaint), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Repaint the region"), -1);
  gtk_box_append (GTK_BOX (self), repaint);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.repaint-cancel");
  gtk_widget_set_tooltip_text (close, _("Stop painting a region (Escape)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stop painting a region"), -1);
  gtk_box_append (GTK_BOX (self), close);
}

static gboolean
fit (gpointer user_data)
{
  SbRepaintBar *self = user_data;

  self->fit_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->size), self->available >= COMPACT_BELOW);
  return G_SOURCE_REMOVE;
}

/* The width it has over the canvas: compact when narrow. Changed outside
 * the layout that told it, and at once when it is not yet shown. */
void
sb_repaint_bar_fit_width (SbRepaintBar *self,
                          int           available)
{
  g_return_if_fail (SB_IS_REPAINT_BAR (self));

  if (available == self->available)
    return;
  self->available = available;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    fit (self);
  else if (self->fit_id == 0)
    self->fit_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit, self, NULL);
}

void
sb_repaint_bar_set_prompt (SbRepaintBar *self,
                           const char   *prompt)
{
  g_return_if_fail (SB_IS_REPAINT_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->prompt), prompt != NULL ? prompt : "");
}

const char *
sb_repaint_bar_get_prompt (SbRepaintBar *self)
{
  g_return_val_if_fail (SB_IS_REPAINT_BAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->prompt));
}

/* The brush's radius, in the drawing's units. */
double
sb_repaint_bar_get_radius (SbRepaintBar *self)
{
  g_return_val_if_fail (SB_IS_REPAINT_BAR (self), 1);

  return gtk_spin_button_get_value (self->size) / 2;
}

gboolean
sb_repaint_bar_get_erasing (SbRepaintBar *self)
{
  g_return_val_if_fail (SB_IS_REPAINT_BAR (self), FALSE);

  return gtk_toggle_button_get_active (self->erase);
}

/* The keyboard to the words: now, or as soon as the bar is on screen (a
 * widget not yet mapped takes no focus). */
void
sb_repaint_bar_focus_prompt (SbRepaintBar *self)
{
  g_return_if_fail (SB_IS_REPAINT_BAR (self));

  sb_grab_focus_when_mapped (GTK_WIDGET (self->prompt));
}
