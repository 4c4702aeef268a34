/* sb-stage-bar.c: the controls of the pictures shown over the drawing
 *
 * Which of the generation's pictures is on show (← and →), how strongly,
 * and what to do with it: take it as the sketch, keep it faintly to trace
 * over, or put it away. It shows the stage; the window's win.stage-*
 * actions act on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-stage-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-stage-bar.h"

struct _SbStageBar
{
  GtkBox     parent_instance;

  gboolean   compact;
  int        full_width;  /* its natural width when not compact */
  int        available;   /* the width over the canvas, last told */
  guint      fit_id;

  SbStage   *stage;
  SbCanvas  *canvas;      /* (unowned) where the stage's picture shows */
  gboolean   held;        /* an edit's bar has its place */
  GtkLabel  *position_label;
  GtkScale  *opacity_scale;
  GtkButton *accept_button;
};

G_DEFINE_FINAL_TYPE (SbStageBar, sb_stage_bar, GTK_TYPE_BOX)

static gboolean fit (gpointer user_data);

static void
update (SbStageBar *self)
{
  guint n = sb_stage_get_n_pictures (self->stage);
  g_autofree char *text = NULL;
  g_autofree char *spoken = NULL;
  /* With the picture it works on, not before it is decoded: in the same
   * frame, not in the one that shows the gallery's new row (one frame
   * painting both sides of the window is twice the pixels). */
  gboolean shown = sb_stage_get_active (self->stage) && sb_canvas_get_staged (self->canvas) != NULL &&
                   sb_canvas_get_mask (self->canvas) == NULL && !self->held;   /* an edit's bar's place then */
  gboolean appearing = shown && !gtk_widget_get_visible (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  /* Its form for the room it has, before its first frame: not a frame
   * too wide first (outside layout here, so it may change at once). */
  if (appearing && gtk_widget_get_parent (GTK_WIDGET (self)) != NULL)
    {
      self->available = gtk_widget_get_width (gtk_widget_get_parent (GTK_WIDGET (self))) -
                        gtk_widget_get_margin_start (GTK_WIDGET (self)) - gtk_widget_get_margin_end (GTK_WIDGET (self));
      g_clear_handle_id (&self->fit_id, g_source_remove);
      fit (self);
    }
  if (n == 0)
    return;
  /* TRANSLATORS: which picture of the generation is over the drawing */
  text = g_strdup_printf (_("%u of %u"), sb_stage_get_position (self->stage) + 1, n);
  gtk_label_set_label (self->position_label, text);
  spoken = g_strdup_printf (_("Showing %u of %u over the drawing"), sb_stage_get_position (self->stage) + 1, n);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->position_label), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

/* A phone-sized window: no room for the opacity and the count, which go
 * (the count stays in the arrows' names for screen readers), so the
 * buttons all stay on screen. */
static void
set_compact (SbStageBar *self,
             gboolean    compact)
{
  if (self->compact == !!compact)
    return;
  self->compact = !!compact;
  gtk_widget_set_visible (GTK_WIDGET (self->opacity_scale), !self->compact);
  gtk_widget_set_visible (GTK_WIDGET (self->position_label), !self->compact);
  /* Use as Sketch by its icon there; named the same for screen readers. */
  if (self->compact)
    gtk_button_set_icon_name (self->accept_button, "document-edit-symbolic");
  else
    gtk_button_set_label (self->accept_button, _("_Use as Sketch"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->accept_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Use as Sketch"), -1);
}

static gboolean
fit (gpointer user_data)
{
  SbStageBar *self = user_data;

  self->fit_id = 0;
  if (!self->compact)
    gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &self->full_width, NULL, NULL);
  if (self->full_width > 0)
    set_compact (self, self->available < self->full_width);
  return G_SOURCE_REMOVE;
}

/* The width it has over the canvas, whatever the window's: compact when
 * its full form does not fit (a drawing beside a gallery at 800 px
 * cut it off too). Changed the frame after, not while laid out. */
void
sb_stage_bar_fit_width (SbStageBar *self,
                        int         available)
{
  g_return_if_fail (SB_IS_STAGE_BAR (self));

  if (available == self->available)
    return;
  self->available = available;
  if (self->fit_id == 0)
    self->fit_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit, self, NULL);
}

/* While an edit of the picture is set up, its bar takes this one's place. */
void
sb_stage_bar_set_held (SbStageBar *self,
                       gboolean    held)
{
  g_return_if_fail (SB_IS_STAGE_BAR (self));

  self->held = !!held;
  update (self);
}

void
sb_stage_bar_set_stage (SbStageBar *self,
                        SbStage    *stage,
                        SbCanvas   *canvas)
{
  g_return_if_fail (SB_IS_STAGE_BAR (self));
  g_return_if_fail (SB_IS_CANVAS (canvas));
  g_return_if_fail (self->stage == NULL);

  self->stage = g_object_ref (stage);
  self->canvas = canvas;
  g_signal_connect_object (canvas, "notify::staged", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (canvas, "notify::mask", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_object_bind_property (stage, "opacity", gtk_range_get_adjustment (GTK_RANGE (self->opacity_scale)), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_connect_object (stage, "notify::position", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (stage, "notify::n-pictures", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
sb_stage_bar_dispose (GObject *object)
{
  SbStageBar *self = SB_STAGE_BAR (object);

  g_clear_handle_id (&self->fit_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_STAGE_BAR);
  g_clear_object (&self->stage);

  G_OBJECT_CLASS (sb_stage_bar_parent_class)->dispose (object);
}

static void
sb_stage_bar_class_init (SbStageBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_stage_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sketchbloom/Sketchbloom/sb-stage-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SbStageBar, position_label);
  gtk_widget_class_bind_template_child (widget_class, SbStageBar, opacity_scale);
  gtk_widget_class_bind_template_child (widget_class, SbStageBar, accept_button);
  gtk_widget_class_set_css_name (widget_class, "stagebar");
}

static void
sb_stage_bar_init (SbStageBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
