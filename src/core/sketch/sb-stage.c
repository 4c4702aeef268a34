/* sb-stage.c: a generation's pictures shown over the drawing, until the
 * artist takes one or puts them away
 *
 * The rule for what appears by itself: the pictures of a generation that
 * arrives while the drawing is as it was when Generate was pressed. Once
 * the artist has drawn on, arrivals wait in the gallery rather than cover
 * the work. The drawing itself is never touched until a picture is taken
 * as the new sketch, and that is one undo step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-stage"

#include "config.h"

#include "sb-stage.h"

struct _SbStage
{
  GObject    parent_instance;

  SbSketch  *sketch;
  GPtrArray *files;       /* GFile: the pictures of the generation on show */
  guint      position;
  double     opacity;
  double     wipe;        /* the share of the page, from the left, the picture covers */
  gboolean   drawn_since; /* the drawing changed since the last Generate */
};

G_DEFINE_FINAL_TYPE (SbStage, sb_stage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVE,
  PROP_FILE,
  PROP_POSITION,
  PROP_N_PICTURES,
  PROP_OPACITY,
  PROP_WIPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_picture (SbStage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PICTURES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static void
on_edited (SbStage *self)
{
  self->drawn_since = TRUE;
}

static void
sb_stage_dispose (GObject *object)
{
  SbStage *self = SB_STAGE (object);

  if (self->sketch != NULL)
    g_signal_handlers_disconnect_by_data (self->sketch, self);
  g_clear_object (&self->sketch);
  g_clear_pointer (&self->files, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_stage_parent_class)->dispose (object);
}

static void
sb_stage_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SbStage *self = SB_STAGE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_boolean (value, sb_stage_get_active (self));
      break;
    case PROP_FILE:
      g_value_set_object (value, sb_stage_get_file (self));
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_N_PICTURES:
      g_value_set_uint (value, sb_stage_get_n_pictures (self));
      break;
    case PROP_OPACITY:
      g_value_set_double (value, self->opacity);
      break;
    case PROP_WIPE:
      g_value_set_double (value, self->wipe);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_stage_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SbStage *self = SB_STAGE (object);

  switch (prop_id)
    {
    case PROP_OPACITY:
      sb_stage_set_opacity (self, g_value_get_double (value));
      break;
    case PROP_WIPE:
      sb_stage_set_wipe (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_stage_class_init (SbStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sb_stage_dispose;
  object_class->get_property = sb_stage_get_property;
  object_class->set_property = sb_stage_set_property;

  properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, read_only);
  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, read_only);
  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_N_PICTURES] = g_param_spec_uint ("n-pictures", NULL, NULL, 0, G_MAXUINT, 0, read_only);
  properties[PROP_OPACITY] = g_param_spec_double ("opacity", NULL, NULL, 0, 1, 1, writable);
  properties[PROP_WIPE] = g_param_spec_double ("wipe", NULL, NULL, 0, 1, 1, writable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_stage_init (SbStage *self)
{
  self->opacity = 1;
  self->wipe = 1;
}

SbStage *
sb_stage_new (SbSketch *sketch)
{
  SbStage *self;

  g_return_val_if_fail (SB_IS_SKETCH (sketch), NULL);

  self = g_object_new (SB_TYPE_STAGE, NULL);
  self->sketch = g_object_ref (sketch);
  g_signal_connect_swapped (sketch, "edited", G_CALLBACK (on_edited), self);
  return self;
}

/* Generate was pressed: what it brings may appear over the drawing, as
 * long as the drawing stays as it is now. */
void
sb_stage_note_generate (SbStage *self)
{
  g_return_if_fail (SB_IS_STAGE (self));

  self->drawn_since = FALSE;
}

/**
 * sb_stage_offer:
 * @files: (element-type GFile): the pictures of a generation that arrived
 *
 * Shows them from the first (or from the one on show, when they are more
 * of a sweep it belongs to), unless the artist has drawn since Generate.
 *
 * Returns: whether they are on show
 */
gboolean
sb_stage_offer (SbStage   *self,
                GPtrArray *files)
{
  g_return_val_if_fail (SB_IS_STAGE (self), FALSE);

  guint position = 0;

  if (self->drawn_since || files == NULL || files->len == 0)
    return FALSE;
  /* More of a sweep came: the picture on show stays on show. */
  for (guint i = 0; self->files != NULL && i < files->len; i++)
    if (g_file_equal (g_ptr_array_index (files, i), sb_stage_get_file (self)))
      position = i;
  sb_stage_show (self, files, position);
  return TRUE;
}

/**
 * sb_stage_show:
 * @files: (element-type GFile): pictures of one generation
 *
 * Shows @files over the drawing, from the one at @position; the opacity
 * and the wipe are those the artist chose last.
 */
void
sb_stage_show (SbStage   *self,
               GPtrArray *files,
               guint      position)
{
  g_return_if_fail (SB_IS_STAGE (self));
  g_return_if_fail (files != NULL && files->len > 0);

  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (self->files, g_object_ref (g_ptr_array_index (files, i)));
  self->position = MIN (position, files->len - 1);
  notify_picture (self);
}

/* Discard: the drawing is shown alone again. */
void
sb_stage_clear (SbStage *self)
{
  g_return_if_fail (SB_IS_STAGE (self));

  if (self->files == NULL)
    return;
  g_clear_pointer (&self->files, g_ptr_array_unref);
  self->position = 0;
  notify_picture (self);
}

gboolean
sb_stage_get_active (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), FALSE);

  return self->files != NULL;
}

/* Returns: (transfer none) (nullable): the picture on show */
GFile *
sb_stage_get_file (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), NULL);

  return self->files != NULL ? g_ptr_array_index (self->files, self->position) : NULL;
}

guint
sb_stage_get_position (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), 0);

  return self->position;
}

guint
sb_stage_get_n_pictures (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), 0);

  return self->files != NULL ? self->files->len : 0;
}

/* The next (1) or previous (-1) picture of the generation; the ends stay
 * put rather than wrap, so the count read out stays true.
 * Returns: whether another picture is on show */
gboolean
sb_stage_move (SbStage *self,
               int      delta)
{
  gint64 target;

  g_return_val_if_fail (SB_IS_STAGE (self), FALSE);

  if (self->files == NULL)
    return FALSE;
  target = CLAMP ((gint64) self->position + delta, 0, (gint64) self->files->len - 1);
  if (target == self->position)
    return FALSE;
  self->position = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  return TRUE;
}

double
sb_stage_get_opacity (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), 1);

  return self->opacity;
}

void
sb_stage_set_opacity (SbStage *self,
                      double   opacity)
{
  g_return_if_fail (SB_IS_STAGE (self));

  opacity = CLAMP (opacity, 0, 1);
  if (self->opacity == opacity)
    return;
  self->opacity = opacity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACITY]);
}

double
sb_stage_get_wipe (SbStage *self)
{
  g_return_val_if_fail (SB_IS_STAGE (self), 1);

  return self->wipe;
}

void
sb_stage_set_wipe (SbStage *self,
                   double   wipe)
{
  g_return_if_fail (SB_IS_STAGE (self));

  wipe = CLAMP (wipe, 0, 1);
  if (self->wipe == wipe)
    return;
  self->wipe = wipe;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIPE]);
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbStage *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!sb_sketch_import_finish (SB_SKETCH (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* The artist's next strokes belong to the new sketch, not a picture. */
  sb_stage_clear (self);
  g_task_return_boolean (task, TRUE);
}

/* The picture on show becomes the sketch: one undo step, and the service
 * told to find its edges (it is a rendering, not line art). */
void
sb_stage_accept_as_sketch_async (SbStage             *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SB_IS_STAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_stage_accept_as_sketch_async);
  if (self->files == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No picture is on show");
      return;
    }
  sb_sketch_import_rendering_async (self->sketch, sb_stage_get_file (self), cancellable, on_imported,
                                    g_steal_pointer (&task));
}

gboolean
sb_stage_accept_as_sketch_finish (SbStage       *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
