/* sb-edit-bar.c: the words and settings of an edit of the picture on show
 *
 * Extend the frame (how far each side grows, 1.0 to 2.0, drawn around the
 * picture before anything is paid: "frame-changed"), colour line art (the
 * colours in words) or change it in words (how much: a little to a lot),
 * then the edit's button, or Escape. What each engine takes comes from its
 * row (sb-engine-imageedit.c); the window sends (win.edit-generate). Built
 * in code, each control named for screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-edit-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-edit-bar.h"
#include "sb-limits.h"
#include "sb-sweep.h"
#include "sb-widget-compat.h"

struct _SbEditBar
{
  GtkBox          parent_instance;

  const SbEngine *engine;
  GtkSpinButton  *scales[SB_N_SIDES];
  GtkWidget      *scale_box;
  GtkWidget      *row;
  GtkScale       *strength;
  GtkEntry       *prompt;
  GtkButton      *run;
  GtkMenuButton  *sweep;     /* the change at every strength */
};

G_DEFINE_FINAL_TYPE (SbEditBar, sb_edit_bar, GTK_TYPE_BOX)

enum {
  FRAME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_frame_changed (SbEditBar *self)
{
  g_signal_emit (self, signals[FRAME_CHANGED], 0);
}

static void
on_prompt_activate (SbEditBar *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-generate", NULL);
}

static void
sb_edit_bar_class_init (SbEditBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* How far the sides grow changed: the canvas draws the new frame. */
  signals[FRAME_CHANGED] = g_signal_new ("frame-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
sb_edit_bar_init (SbEditBar *self)
{
  /* Translators: the sides of a picture's frame, for screen readers */
  const char *sides[SB_N_SIDES] = { N_("Top grows"), N_("Bottom grows"), N_("Left grows"), N_("Right grows") };
  const char *arrows[SB_N_SIDES] = { "go-up-symbolic", "go-down-symbolic", "go-previous-symbolic", "go-next-symbolic" };
  GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");

  /* The sides' scales (when extending) above the words and the buttons:
   * two by two, so the bar fits a phone-sized window. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  sb_style_as_canvas_bar (GTK_WIDGET (self));

  self->scale_box = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (self->scale_box), 4);
  gtk_grid_set_column_spacing (GTK_GRID (self->scale_box), 12);
  gtk_widget_set_halign (self->scale_box, GTK_ALIGN_CENTER);
  for (guint i = 0; i < SB_N_SIDES; i++)
    {
      GtkWidget *side = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);

      self->scales[i] = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (SB_EXTEND_SCALE_MIN, SB_EXTEND_SCALE_MAX, 0.25));
      gtk_spin_button_set_digits (self->scales[i], 2);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->scales[i]), _(sides[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->scales[i]), GTK_ACCESSIBLE_PROPERTY_LABEL, _(sides[i]), -1);
      g_signal_connect_swapped (self->scales[i], "value-changed", G_CALLBACK (on_frame_changed), self);
      /* Which side, at a glance: an arrow before each (named on the spin button). */
      gtk_box_append (GTK_BOX (side), gtk_image_new_from_icon_name (arrows[i]));
      gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->scales[i]));
      /* Top and bottom, then left and right. */
      gtk_grid_attach (GTK_GRID (self->scale_box), side, (int) (i % 2), (int) (i / 2), 1, 1);
    }
  gtk_box_append (GTK_BOX (self), self->scale_box);

  self->row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (self), self->row);

  /* 0 keeps the picture close; 1 changes it most. */
  self->strength = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, SB_STRENGTH_MIN, SB_STRENGTH_MAX, 0.1));
  gtk_range_set_value (GTK_RANGE (self->strength), SB_STRENGTH_DEFAULT);
  gtk_widget_set_size_request (GTK_WIDGET (self->strength), 96, -1);
  gtk_scale_add_mark (self->strength, SB_STRENGTH_MIN, GTK_POS_BOTTOM, _("A little"));
  gtk_scale_add_mark (self->strength, SB_STRENGTH_MAX, GTK_POS_BOTTOM, _("A lot"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->strength), _("How much the picture changes"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->strength), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How much the picture changes"), -1);
  gtk_box_append (GTK_BOX (self->row), GTK_WIDGET (self->strength));

  self->prompt = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->prompt), TRUE);
  /* It takes the room there is: the buttons stay on screen in a phone-sized window. */
  gtk_editable_set_width_chars (GTK_EDITABLE (self->prompt), 3);
  g_signal_connect_swapped (self->prompt, "activate", G_CALLBACK (on_prompt_activate), self);
  gtk_box_append (GTK_BOX (self->row), GTK_WIDGET (self->prompt));

  self->run = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (self->run, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->run), "win.edit-generate");
  gtk_widget_add_css_class (GTK_WIDGET (self->run), "suggested-action");
  gtk_box_append (GTK_BOX (self->row), GTK_WIDGET (self->run));

  /* Not sure how much? One picture at each strength, side by side. */
  self->sweep = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (self->sweep, "pan-down-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sweep), _("Change it at every strength"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sweep), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Change it at every strength"), -1);
  gtk_box_append (GTK_BOX (self->row), GTK_WIDGET (self->sweep));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (close), "win.edit-cancel");
  gtk_widget_set_tooltip_text (close, _("Leave the picture as it is (Escape)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Leave the picture as it is"), -1);
  gtk_box_append (GTK_BOX (self->row), close);
}

/* The edit the bar is for (an engine of kind SB_ENGINE_EDITS that takes
 * no mask): its own controls shown, the rest hidden. */
void
sb_edit_bar_set_engine (SbEditBar      *self,
                        const SbEngine *engine)
{
  const char *placeholder, *run;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (SB_IS_EDIT_BAR (self));
  g_return_if_fail (engine != NULL && engine->kind == SB_ENGINE_EDITS);

  /* Words for another edit are not these: "stormy sky" is no colour. */
  if (self->engine != engine)
    gtk_editable_set_text (GTK_EDITABLE (self->prompt), "");
  self->engine = engine;
  gtk_widget_set_visible (self->scale_box, sb_engine_takes (engine, SB_ENGINE_TAKES_SCALES));
  gtk_widget_set_visible (GTK_WIDGET (self->strength), sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH));
  gtk_widget_set_visible (GTK_WIDGET (self->sweep), sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH));
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH))
    {
      guint n = sb_sweep_get_n_variants (SB_SWEEP_STRENGTHS);
      g_autoptr(GMenu) menu = g_menu_new ();
      /* Translators: the edit bar's sweep: how many pictures, then their price */
      g_autofree char *label = g_strdup_printf (_("At %u Strengths, a Little to a Lot · %.2f CNY"), n,
                                                n * engine->price_cny);

      g_menu_append (menu, label, "win.edit-sweep");
      gtk_menu_button_set_menu_model (self->sweep, G_MENU_MODEL (menu));
    }
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SCALES))
    {
      placeholder = _("What the larger scene shows");
      run = _("_Extend");
    }
  else if (sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH))
    {
      placeholder = _("What to change, e.g. make the sky stormy");
      run = _("C_hange");
    }
  else
    {
      placeholder = _("The colours, e.g. blue sky, yellow sand");
      run = _("_Colour");
    }
  gtk_entry_set_placeholder_text (self->prompt, placeholder);
  gtk_entry_set_max_length (self->prompt, engine->prompt_max_chars);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_button_set_label (self->run, run);
  /* Translators: an edit's button tooltip: what it does, then the price of one picture */
  tooltip = g_strdup_printf (_("%s: one picture, about %.2f CNY"), sb_engine_get_best_at (engine), engine->price_cny);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->run), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, sb_engine_get_label (engine), -1);
  on_frame_changed (self);
}

const SbEngine *
sb_edit_bar_get_engine (SbEditBar *self)
{
  g_return_val_if_fail (SB_IS_EDIT_BAR (self), NULL);

  return self->engine;
}

/* How far each side grows, as set (1.0 where the engine takes no scales). */
void
sb_edit_bar_get_scales (SbEditBar *self,
                        double     scales[SB_N_SIDES])
{
  g_return_if_fail (SB_IS_EDIT_BAR (self));

  for (guint i = 0; i < SB_N_SIDES; i++)
    scales[i] = self->engine != NULL && sb_engine_takes (self->engine, SB_ENGINE_TAKES_SCALES)
                ? gtk_spin_button_get_value (self->scales[i]) : SB_EXTEND_SCALE_MIN;
}

/* The bar's engine, words and settings into @params. */
void
sb_edit_bar_apply (SbEditBar *self,
                   SbParams  *params)
{
  double scales[SB_N_SIDES];

  g_return_if_fail (SB_IS_EDIT_BAR (self));
  g_return_if_fail (self->engine != NULL);

  sb_params_set_engine (params, self->engine);
  sb_params_set_prompt (params, gtk_editable_get_text (GTK_EDITABLE (self->prompt)));
  sb_params_set_count (params, 1);
  sb_edit_bar_get_scales (self, scales);
  for (guint i = 0; i < SB_N_SIDES; i++)
    sb_params_set_scale (params, i, scales[i]);
  sb_params_set_strength (params, gtk_range_get_value (GTK_RANGE (self->strength)));
}

/* The words and settings of an edit made before (Reuse), to make it again
 * or change them. */
void
sb_edit_bar_set_params (SbEditBar *self,
                        SbParams  *params)
{
  g_return_if_fail (SB_IS_EDIT_BAR (self));
  g_return_if_fail (SB_IS_PARAMS (params));

  sb_edit_bar_set_engine (self, sb_params_get_engine (params));
  gtk_editable_set_text (GTK_EDITABLE (self->prompt), sb_params_get_prompt (params));
  for (guint i = 0; i < SB_N_SIDES; i++)
    gtk_spin_button_set_value (self->scales[i], sb_params_get_scale (params, i));
  gtk_range_set_value (GTK_RANGE (self->strength), sb_params_get_strength (params));
}

/* The keyboard to the words, now or once the bar is on screen. */
void
sb_edit_bar_focus_prompt (SbEditBar *self)
{
  g_return_if_fail (SB_IS_EDIT_BAR (self));

  sb_grab_focus_when_mapped (GTK_WIDGET (self->prompt));
}
