/* sb-adaptive-bin.c: a bin that says when its child no longer fits
 *
 * Holds one child and turns "compact" on when it is given less width than
 * the child's natural width in its full form, and off again when that
 * width is back. Whoever owns the child binds "compact" to a smaller form
 * of it (the tool palette's menu, the composer's two rows): so a part
 * adapts to the room it really has, beside whatever else the window shows,
 * on every libadwaita (AdwBreakpointBin needs 1.4).
 *
 * The change is made after the frame in which the width changed: a widget
 * must not change its children while it is being laid out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-adaptive-bin"

#include "config.h"

#include "sb-adaptive-bin.h"

struct _SbAdaptiveBin
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  gboolean   compact;
  int        full_width;   /* the child's natural width when not compact */
  int        compact_min;  /* the child's minimum width when compact, once known */
  guint      update_id;
};

G_DEFINE_FINAL_TYPE (SbAdaptiveBin, sb_adaptive_bin, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
update_compact (gpointer user_data)
{
  SbAdaptiveBin *self = user_data;
  gboolean compact = gtk_widget_get_width (GTK_WIDGET (self)) < self->full_width;

  self->update_id = 0;
  if (compact != self->compact)
    {
      self->compact = compact;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
    }
  return G_SOURCE_REMOVE;
}

static void
sb_adaptive_bin_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (widget);
  int child_min;

  if (self->child == NULL)
    return;

  gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min,
                      self->compact ? NULL : &self->full_width, NULL, NULL);
  if (self->compact)
    self->compact_min = child_min;
  /* Narrower than the full form: clipped (overflow is hidden) until the
   * compact form takes over after this frame. */
  gtk_widget_allocate (self->child, MAX (width, child_min), height, baseline, NULL);

  if ((width < self->full_width) != self->compact && self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_compact, self, NULL);
}

static void
sb_adaptive_bin_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (widget);

  *minimum = *natural = 0;
  if (self->child == NULL)
    return;

  /* Squeezed, the child is laid out at its own minimum width (clipped). */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    {
      int child_min;

      gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, NULL, NULL, NULL);
      for_size = MAX (for_size, child_min);
    }
  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);

  /* The full form may be squeezed: it becomes the compact one. How narrow
   * that can go is known once it has been shown. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && !self->compact)
    *minimum = MIN (*minimum, self->compact_min);
}

static GtkSizeRequestMode
sb_adaptive_bin_get_request_mode (GtkWidget *widget)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (widget);

  return self->child != NULL ? gtk_widget_get_request_mode (self->child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
sb_adaptive_bin_compute_expand (GtkWidget *widget,
                                gboolean  *hexpand,
                                gboolean  *vexpand)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (widget);

  *hexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_HORIZONTAL);
  *vexpand = self->child != NULL && gtk_widget_compute_expand (self->child, GTK_ORIENTATION_VERTICAL);
}

static void
sb_adaptive_bin_dispose (GObject *object)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (sb_adaptive_bin_parent_class)->dispose (object);
}

static void
sb_adaptive_bin_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_adaptive_bin_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SbAdaptiveBin *self = SB_ADAPTIVE_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      sb_adaptive_bin_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_adaptive_bin_class_init (SbAdaptiveBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_adaptive_bin_dispose;
  object_class->get_property = sb_adaptive_bin_get_property;
  object_class->set_property = sb_adaptive_bin_set_property;

  widget_class->measure = sb_adaptive_bin_measure;
  widget_class->size_allocate = sb_adaptive_bin_size_allocate;
  widget_class->get_request_mode = sb_adaptive_bin_get_request_mode;
  widget_class->compute_expand = sb_adaptive_bin_compute_expand;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SbAdaptiveBin:compact:
   *
   * Whether the child has less width than it needs in its full form.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
sb_adaptive_bin_init (SbAdaptiveBin *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
sb_adaptive_bin_new (void)
{
  return g_object_new (SB_TYPE_ADAPTIVE_BIN, NULL);
}

GtkWidget *
sb_adaptive_bin_get_child (SbAdaptiveBin *self)
{
  g_return_val_if_fail (SB_IS_ADAPTIVE_BIN (self), NULL);

  return self->child;
}

void
sb_adaptive_bin_set_child (SbAdaptiveBin *self,
                           GtkWidget     *child)
{
  g_return_if_fail (SB_IS_ADAPTIVE_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

gboolean
sb_adaptive_bin_get_compact (SbAdaptiveBin *self)
{
  g_return_val_if_fail (SB_IS_ADAPTIVE_BIN (self), FALSE);

  return self->compact;
}
