/* sb-sketch.c: the drawing, as strokes and as 768×768 pixels
 *
 * The drawing is a list of actions (strokes, clears, imports) and a position
 * in it; undo and redo move the position. A backing surface holds the pixels
 * at the position: a new point paints only its own segment into it, so the
 * cost of drawing does not grow with the drawing. Every CHECKPOINT_EVERY
 * actions a copy of the pixels is kept, so undo restores the nearest
 * checkpoint and replays at most that many actions, never the whole drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-sketch"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "sb-bounded-file.h"
#include "sb-enums.h"
#include "sb-error.h"
#include "sb-json.h"
#include "sb-image-probe.h"
#include "sb-limits.h"
#include "sb-png.h"
#include "sb-sketch.h"

#define CHECKPOINT_EVERY 32
#define SMOOTHING_FACTOR 0.5   /* how far each point moves towards the pointer */
#define FORMAT_VERSION 1

typedef struct {
  float x;
  float y;
  float pressure;
  float time;       /* seconds since the stroke began */
} SbPoint;

typedef enum {
  ACTION_STROKE,
  ACTION_CLEAR,
  ACTION_IMPORT,
} ActionKind;

typedef struct {
  ActionKind       kind;
  SbTool           tool;       /* strokes */
  double           width;
  guint32          color;
  GArray          *points;     /* of SbPoint */
  gint64           began;      /* monotonic µs, while drawing */
  SbPoint          pointer;    /* the last unsmoothed point, while drawing */
  cairo_surface_t *image;      /* imports: 768×768 on white */
} Action;

typedef struct {
  guint            position;   /* the state after this many actions */
  cairo_surface_t *surface;
} Checkpoint;

struct _SbSketch
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  GPtrArray       *actions;      /* of Action */
  guint            position;     /* actions before it are in effect */
  GArray          *checkpoints;  /* of Checkpoint, by position */
  Action          *current;      /* the stroke being drawn */

  SbTool           tool;
  double           width;
  guint32          color;
  gboolean         smoothing;
  gboolean         extraction;
};

G_DEFINE_FINAL_TYPE (SbSketch, sb_sketch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EMPTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_TOOL,
  PROP_WIDTH,
  PROP_COLOR,
  PROP_SMOOTHING,
  PROP_EXTRACTION,
  N_PROPS
};

enum {
  CHANGED,
  EDITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
action_free (Action *action)
{
  g_clear_pointer (&action->points, g_array_unref);
  g_clear_pointer (&action->image, cairo_surface_destroy);
  g_free (action);
}

static void
checkpoint_clear (Checkpoint *checkpoint)
{
  g_clear_pointer (&checkpoint->surface, cairo_surface_destroy);
}

static cairo_surface_t *
new_page (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);

  return surface;
}

static void
copy_pixels (cairo_surface_t *to,
             cairo_surface_t *from)
{
  cairo_t *cr = cairo_create (to);

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, from, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static void
set_source_color (cairo_t *cr,
                  SbTool   tool,
                  guint32  color)
{
  /* The page is white: the eraser paints white. */
  if (tool == SB_TOOL_ERASER)
    color = 0xffffff;

  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
}

/* One segment, at the width its pressure gives, with round caps so that
 * consecutive segments join smoothly (as Xournal++ does). */
static void
paint_segment (cairo_t       *cr,
               const Action  *stroke,
               const SbPoint *from,
               const SbPoint *to)
{
  double pressure = (from->pressure + to->pressure) / 2;

  set_source_color (cr, stroke->tool, stroke->color);
  cairo_set_line_width (cr, MAX (stroke->width * pressure * 2, 0.5));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, from->x, from->y);
  cairo_line_to (cr, to->x, to->y);
  cairo_stroke (cr);
}

static void
paint_action (cairo_surface_t *surface,
              const Action    *action)
{
  cairo_t *cr = cairo_create (surface);

  switch (action->kind)
    {
    case ACTION_STROKE:
      for (guint i = 0; i < action->points->len; i++)
        paint_segment (cr, action,
                       &g_array_index (action->points, SbPoint, i > 0 ? i - 1 : 0),
                       &g_array_index (action->points, SbPoint, i));
      break;

    case ACTION_CLEAR:
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      break;

    case ACTION_IMPORT:
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, action->image, 0, 0);
      cairo_paint (cr);
      break;

    default:
      g_assert_not_reached ();
    }

  cairo_destroy (cr);
}

static void
emit_damage (SbSketch *self,
             double    x0,
             double    y0,
             double    x1,
             double    y1,
             double    margin)
{
  int x = CLAMP (floor (MIN (x0, x1) - margin), 0, SB_SKETCH_SIZE);
  int y = CLAMP (floor (MIN (y0, y1) - margin), 0, SB_SKETCH_SIZE);
  int right = CLAMP (ceil (MAX (x0, x1) + margin), 0, SB_SKETCH_SIZE);
  int bottom = CLAMP (ceil (MAX (y0, y1) + margin), 0, SB_SKETCH_SIZE);

  if (right > x && bottom > y)
    g_signal_emit (self, signals[CHANGED], 0, x, y, right - x, bottom - y);
}

static void
emit_all_changed (SbSketch *self)
{
  g_signal_emit (self, signals[CHANGED], 0, 0, 0, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
}

static void
notify_history (SbSketch *self,
                gboolean  was_empty,
                gboolean  could_undo,
                gboolean  could_redo)
{
  if (was_empty != sb_sketch_is_empty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY]);
  if (could_undo != sb_sketch_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != sb_sketch_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[EDITED], 0);
}

/* Shows the state after @position actions, from the nearest checkpoint. */
static void
render_position (SbSketch *self,
                 guint     position)
{
  const Checkpoint *base = &g_array_index (self->checkpoints, Checkpoint, 0);

  for (guint i = 0; i < self->checkpoints->len; i++)
    {
      const Checkpoint *checkpoint = &g_array_index (self->checkpoints, Checkpoint, i);

      if (checkpoint->position <= position)
        base = checkpoint;
    }

  copy_pixels (self->surface, base->surface);
  for (guint i = base->position; i < position; i++)
    paint_action (self->surface, g_ptr_array_index (self->actions, i));

  cairo_surface_flush (self->surface);
  self->position = position;
  emit_all_changed (self);
}

/* Makes @action the newest, dropping whatever could have been redone. */
static void
push_action (SbSketch *self,
             Action   *action)
{
  gboolean was_empty = sb_sketch_is_empty (self);
  gboolean could_undo = sb_sketch_get_can_undo (self);
  gboolean could_redo = sb_sketch_get_can_redo (self);

  g_ptr_array_set_size (self->actions, self->position);
  while (self->checkpoints->len > 1 &&
         g_array_index (self->checkpoints, Checkpoint, self->checkpoints->len - 1).position > self->position)
    g_array_set_size (self->checkpoints, self->checkpoints->len - 1);

  g_ptr_array_add (self->actions, action);
  self->position++;

  if (self->position % CHECKPOINT_EVERY == 0)
    {
      Checkpoint checkpoint = { self->position, new_page () };

      copy_pixels (checkpoint.surface, self->surface);
      g_array_append_val (self->checkpoints, checkpoint);
    }

  notify_history (self, was_empty, could_undo, could_redo);
}

static void
sb_sketch_finalize (GObject *object)
{
  SbSketch *self = SB_SKETCH (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->checkpoints, g_array_unref);
  g_clear_pointer (&self->current, action_free);

  G_OBJECT_CLASS (sb_sketch_parent_class)->finalize (object);
}

static void
sb_sketch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbSketch *self = SB_SKETCH (object);

  switch (prop_id)
    {
    case PROP_EMPTY:
      g_value_set_boolean (value, sb_sketch_is_empty (self));
      break;

    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sb_sketch_get_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, sb_sketch_get_can_redo (self));
      break;

    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;

    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;

    case PROP_COLOR:
      g_value_set_uint (value, self->color);
      break;

    case PROP_SMOOTHING:
      g_value_set_boolean (value, self->smoothing);
      break;

    case PROP_EXTRACTION:
      g_value_set_boolean (value, self->extraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_sketch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbSketch *self = SB_SKETCH (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      sb_sketch_set_tool (self, g_value_get_enum (value));
      break;

    case PROP_WIDTH:
      sb_sketch_set_width (self, g_value_get_double (value));
      break;

    case PROP_COLOR:
      sb_sketch_set_color (self, g_value_get_uint (value));
      break;

    case PROP_SMOOTHING:
      sb_sketch_set_smoothing (self, g_value_get_boolean (value));
      break;

    case PROP_EXTRACTION:
      sb_sketch_set_extraction (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_sketch_class_init (SbSketchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags writable = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_sketch_finalize;
  object_class->get_property = sb_sketch_get_property;
  object_class->set_property = sb_sketch_set_property;

  properties[PROP_EMPTY] = g_param_spec_boolean ("empty", NULL, NULL, TRUE, readable);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, readable);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, readable);
  properties[PROP_TOOL] = g_param_spec_enum ("tool", NULL, NULL, SB_TYPE_TOOL, SB_TOOL_PEN, writable);
  properties[PROP_WIDTH] = g_param_spec_double ("width", NULL, NULL, 1, 64, 4, writable);
  properties[PROP_COLOR] = g_param_spec_uint ("color", NULL, NULL, 0, 0xffffff, SB_COLOR_BLACK, writable);
  properties[PROP_SMOOTHING] = g_param_spec_boolean ("smoothing", NULL, NULL, TRUE, writable);
  /**
   * SbSketch:extraction:
   *
   * Whether the service should extract edges (sketch_extraction): turned
   * on by importing a colour photo, off by importing line art; the user may
   * change it.
   */
  properties[PROP_EXTRACTION] = g_param_spec_boolean ("extraction", NULL, NULL, FALSE, writable);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbSketch::changed:
   * @x, @y, @width, @height: the area that was repainted, in sketch pixels
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);

  /**
   * SbSketch::edited:
   *
   * The drawing (not merely its pixels) changed: a stroke ended, or an undo,
   * redo, clear or import. Time to autosave.
   */
  signals[EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
sb_sketch_init (SbSketch *self)
{
  Checkpoint blank = { 0, new_page () };

  self->surface = new_page ();
  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  g_array_set_clear_func (self->checkpoints, (GDestroyNotify) checkpoint_clear);
  g_array_append_val (self->checkpoints, blank);

  self->tool = SB_TOOL_PEN;
  self->width = 4;
  self->color = SB_COLOR_BLACK;
  self->smoothing = TRUE;
}

SbSketch *
sb_sketch_new (void)
{
  return g_object_new (SB_TYPE_SKETCH, NULL);
}

/* The pixels as they are now: 768×768 RGB24, white where nothing was drawn. */
cairo_surface_t *
sb_sketch_get_surface (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), NULL);

  return self->surface;
}

/* The colour at a point of the page, as 0xRRGGBB (an eyedropper): the
 * nearest pixel, and nothing outside the page. */
gboolean
sb_sketch_get_color_at (SbSketch *self,
                        double    x,
                        double    y,
                        guint32  *color)
{
  int px = (int) floor (x);
  int py = (int) floor (y);
  const guint8 *data;
  int stride;

  g_return_val_if_fail (SB_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  if (px < 0 || py < 0 || px >= SB_SKETCH_SIZE || py >= SB_SKETCH_SIZE)
    return FALSE;

  cairo_surface_flush (self->surface);
  data = cairo_image_surface_get_data (self->surface);
  stride = cairo_image_surface_get_stride (self->surface);
  /* RGB24: one native-endian 32-bit word per pixel, the top byte unused. */
  *color = *(const guint32 *) (data + py * stride + px * 4) & 0xFFFFFF;

  return TRUE;
}

/* Nothing on the page: no action in effect since the last clear. */
gboolean
sb_sketch_is_empty (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), TRUE);

  if (self->current != NULL)
    return FALSE;
  if (self->position == 0)
    return TRUE;

  return ((Action *) g_ptr_array_index (self->actions, self->position - 1))->kind == ACTION_CLEAR;
}

/* Strokes in effect (for tests and benchmarks). */
guint
sb_sketch_get_n_strokes (SbSketch *self)
{
  guint n = 0;

  g_return_val_if_fail (SB_IS_SKETCH (self), 0);

  for (guint i = 0; i < self->position; i++)
    n += ((Action *) g_ptr_array_index (self->actions, i))->kind == ACTION_STROKE;

  return n;
}

#define DEFINE_SETTER(name, type, field, prop)                          \
  void                                                                  \
  sb_sketch_set_##name (SbSketch *self,                                 \
                        type      value)                                \
  {                                                                     \
    g_return_if_fail (SB_IS_SKETCH (self));                             \
                                                                        \
    if (self->field == value)                                           \
      return;                                                           \
    self->field = value;                                                \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);      \
  }                                                                     \
                                                                        \
  type                                                                  \
  sb_sketch_get_##name (SbSketch *self)                                 \
  {                                                                     \
    g_return_val_if_fail (SB_IS_SKETCH (self), (type) 0);               \
    return self->field;                                                 \
  }

DEFINE_SETTER (tool, SbTool, tool, PROP_TOOL)
DEFINE_SETTER (color, guint32, color, PROP_COLOR)
DEFINE_SETTER (smoothing, gboolean, smoothing, PROP_SMOOTHING)
DEFINE_SETTER (extraction, gboolean, extraction, PROP_EXTRACTION)

#undef DEFINE_SETTER

double
sb_sketch_get_width (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), 0);

  return self->width;
}

void
sb_sketch_set_width (SbSketch *self,
                     double    width)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  width = CLAMP (width, 1, 64);
  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
    }
}

static void
add_point (SbSketch *self,
           double    x,
           double    y,
           double    pressure)
{
  Action *stroke = self->current;
  SbPoint point = { x, y, CLAMP (pressure, 0, 1), (g_get_monotonic_time () - stroke->began) / 1e6 };
  const SbPoint *last;

  /* The stabiliser: each point moves part of the way to the pointer, which
   * irons out the jitter of a hand. Points are stored smoothed, so replay
   * draws exactly what was seen. */
  stroke->pointer = point;
  if (self->smoothing && stroke->points->len > 0)
    {
      last = &g_array_index (stroke->points, SbPoint, stroke->points->len - 1);
      point.x = last->x + SMOOTHING_FACTOR * (point.x - last->x);
      point.y = last->y + SMOOTHING_FACTOR * (point.y - last->y);
    }

  g_array_append_val (stroke->points, point);
}

/* Paints the newest segment of the current stroke, and only that. */
static void
paint_newest (SbSketch *self)
{
  Action *stroke = self->current;
  guint n = stroke->points->len;
  const SbPoint *to = &g_array_index (stroke->points, SbPoint, n - 1);
  const SbPoint *from = n > 1 ? &g_array_index (stroke->points, SbPoint, n - 2) : to;
  cairo_t *cr = cairo_create (self->surface);

  paint_segment (cr, stroke, from, to);
  cairo_destroy (cr);
  cairo_surface_mark_dirty (self->surface);

  emit_damage (self, from->x, from->y, to->x, to->y, stroke->width + 1);
}

/**
 * sb_sketch_begin_stroke:
 * @tool: the pen, or the eraser (a stylus's eraser end erases whatever the
 *   selected tool)
 * @pressure: 0 to 1; SB_DEFAULT_PRESSURE for devices without pressure
 */
void
sb_sketch_begin_stroke (SbSketch *self,
                        SbTool    tool,
                        double    x,
                        double    y,
                        double    pressure)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current != NULL)
    sb_sketch_end_stroke (self);

  self->current = g_new0 (Action, 1);
  self->current->kind = ACTION_STROKE;
  self->current->tool = tool;
  self->current->width = self->width;
  self->current->color = self->color;
  self->current->points = g_array_new (FALSE, FALSE, sizeof (SbPoint));
  self->current->began = g_get_monotonic_time ();

  add_point (self, x, y, pressure);
  paint_newest (self);
}

void
sb_sketch_extend_stroke (SbSketch *self,
                         double    x,
                         double    y,
                         double    pressure)
{
  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (self->current != NULL);

  add_point (self, x, y, pressure);
  paint_newest (self);
}

void
sb_sketch_end_stroke (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current == NULL)
    return;

  /* The stabiliser lags behind the pen: the line still ends where it lifted. */
  if (self->smoothing)
    {
      const SbPoint *last = &g_array_index (self->current->points, SbPoint, self->current->points->len - 1);

      if (last->x != self->current->pointer.x || last->y != self->current->pointer.y)
        {
          g_array_append_val (self->current->points, self->current->pointer);
          paint_newest (self);
        }
    }

  /* Once stolen, the state compared with is the one before the stroke. */
  push_action (self, g_steal_pointer (&self->current));
}

/* Drops the stroke being drawn, as if it never began (the first finger of
 * a pinch): nothing to undo, nothing to redo. */
void
sb_sketch_cancel_stroke (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current == NULL)
    return;

  g_clear_pointer (&self->current, action_free);
  render_position (self, self->position);
}

/* Clears the page, as an action that can be undone. */
void
sb_sketch_clear (SbSketch *self)
{
  Action *clear;

  g_return_if_fail (SB_IS_SKETCH (self));

  sb_sketch_end_stroke (self);
  if (sb_sketch_is_empty (self))
    return;

  clear = g_new0 (Action, 1);
  clear->kind = ACTION_CLEAR;
  paint_action (self->surface, clear);
  cairo_surface_mark_dirty (self->surface);
  emit_all_changed (self);
  push_action (self, clear);
}

gboolean
sb_sketch_get_can_undo (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), FALSE);

  return self->position > 0;
}

gboolean
sb_sketch_get_can_redo (SbSketch *self)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), FALSE);

  return self->position < self->actions->len;
}

static void
move_to (SbSketch *self,
         guint     position)
{
  gboolean was_empty, could_undo, could_redo;

  sb_sketch_end_stroke (self);

  was_empty = sb_sketch_is_empty (self);
  could_undo = sb_sketch_get_can_undo (self);
  could_redo = sb_sketch_get_can_redo (self);

  /* One step forward needs only that action painted. */
  if (position == self->position + 1)
    {
      paint_action (self->surface, g_ptr_array_index (self->actions, self->position));
      cairo_surface_mark_dirty (self->surface);
      self->position = position;
      emit_all_changed (self);
    }
  else
    render_position (self, position);

  notify_history (self, was_empty, could_undo, could_redo);
}

void
sb_sketch_undo (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current != NULL)
    sb_sketch_end_stroke (self);
  if (self->position > 0)
    move_to (self, self->position - 1);
}

void
sb_sketch_redo (SbSketch *self)
{
  g_return_if_fail (SB_IS_SKETCH (self));

  if (self->current == NULL && self->position < self->actions->len)
    move_to (self, self->position + 1);
}

/* Import: a picture becomes the sketch, fitted into the page on white. */

typedef struct {
  GFile           *file;
  GBytes          *bytes;
  cairo_surface_t *page;
  gboolean         photo;
  gboolean         rendering;   /* a picture the service made */
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->file);
  g_clear_pointer (&import->bytes, g_bytes_unref);
  g_clear_pointer (&import->page, cairo_surface_destroy);
  g_free (import);
}

/* A colour photo rather than line art: many pixels are neither paper nor
 * ink, or are clearly coloured. Then the service should extract edges. */
static gboolean
looks_like_photo (cairo_surface_t *page)
{
  const guchar *data = cairo_image_surface_get_data (page);
  int stride = cairo_image_surface_get_stride (page);
  guint mid = 0, colourful = 0, total = 0;

  for (int y = 0; y < SB_SKETCH_SIZE; y += 2)
    for (int x = 0; x < SB_SKETCH_SIZE; x += 2)
      {
        guint32 rgb = *(const guint32 *) (data + y * stride + x * 4);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        int max = MAX (r, MAX (g, b)), min = MIN (r, MIN (g, b));
        int luma = (r * 3 + g * 6 + b) / 10;

        total++;
        mid += luma > 60 && luma < 200;
        colourful += max - min > 60 && max > 60;
      }

  return mid > total / 4 || colourful > total / 5;
}

static cairo_surface_t *
fit_on_page (GdkPixbuf *pixbuf)
{
  cairo_surface_t *page = new_page ();
  g_autoptr(GdkPixbuf) flat = NULL;
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  double scale = MIN ((double) SB_SKETCH_SIZE / width, (double) SB_SKETCH_SIZE / height);
  int w = MAX (1, round (width * scale)), h = MAX (1, round (height * scale));
  int ox = (SB_SKETCH_SIZE - w) / 2, oy = (SB_SKETCH_SIZE - h) / 2;
  guchar *data = cairo_image_surface_get_data (page);
  int stride = cairo_image_surface_get_stride (page);
  const guchar *pixels;
  int rowstride, channels;

  /* Transparent parts become white paper. */
  flat = gdk_pixbuf_composite_color_simple (pixbuf, w, h, GDK_INTERP_BILINEAR, 255, 256, 0xffffffff, 0xffffffff);
  pixels = gdk_pixbuf_get_pixels (flat);
  rowstride = gdk_pixbuf_get_rowstride (flat);
  channels = gdk_pixbuf_get_n_channels (flat);

  cairo_surface_flush (page);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guchar *p = pixels + y * rowstride + x * channels;

        *(guint32 *) (data + (y + oy) * stride + (x + ox) * 4) = (p[0] << 16) | (p[1] << 8) | p[2];
      }
  cairo_surface_mark_dirty (page);

  return page;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Import *import = task_data;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GdkPixbuf *pixbuf;
  gboolean decoded;

  if (import->file != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (import->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, cancellable, &error);
      if (info != NULL && g_file_info_get_size (info) > SB_IMPORT_MAX_BYTES)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT,
                                   _("The picture is too large to import (%.0f MB; the limit is %d MB)"),
                                   g_file_info_get_size (info) / 1e6, SB_IMPORT_MAX_BYTES / (1000 * 1000));
          return;
        }
      /* A regular file only: a FIFO picked by mistake would never end. */
      if (info == NULL ||
          (bytes = sb_bounded_file_read (import->file, SB_IMPORT_MAX_BYTES, cancellable, &error)) == NULL)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  else
    bytes = g_bytes_ref (import->bytes);

  if (g_bytes_get_size (bytes) > SB_IMPORT_MAX_BYTES)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT,
                               _("The picture is too large to import (%.0f MB; the limit is %d MB)"),
                               g_bytes_get_size (bytes) / 1e6, SB_IMPORT_MAX_BYTES / (1000 * 1000));
      return;
    }

  /* From the header, before decoding: a photo is welcome, a bomb is not. */
  if (!sb_image_check_import (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The picture cannot be imported: %s"),
                               error->message);
      return;
    }

  decoded = gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  decoded = gdk_pixbuf_loader_close (loader, decoded ? &error : NULL) && decoded;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!decoded || pixbuf == NULL)
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT,
                               _("This file is not a picture Sketchbloom can read (PNG, JPEG, WEBP or TIFF)"));
      return;
    }
  if (gdk_pixbuf_get_width (pixbuf) > SB_IMPORT_MAX_SIDE || gdk_pixbuf_get_height (pixbuf) > SB_IMPORT_MAX_SIDE)
    {
      g_task_return_new_error (task, SB_ERROR, SB_ERROR_INVALID_INPUT,
                               _("The picture is too large to import (%d×%d pixels; the limit is %d on each side)"),
                               gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), SB_IMPORT_MAX_SIDE);
      return;
    }

  /* Photos from cameras say which way is up in their EXIF. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  import->page = fit_on_page (oriented);
  import->photo = import->rendering || looks_like_photo (import->page);
  g_task_return_boolean (task, TRUE);
}

static void
start_import (SbSketch            *self,
              Import              *import,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_sketch_import_async);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_task_run_in_thread (task, import_thread);
}

static void
import_file (SbSketch            *self,
             GFile               *file,
             gboolean             rendering,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Import *import = g_new0 (Import, 1);

  import->file = g_object_ref (file);
  import->rendering = rendering;
  start_import (self, import, cancellable, callback, user_data);
}

/* Decodes off the main thread; the finish applies the import as one action. */
void
sb_sketch_import_async (SbSketch            *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (G_IS_FILE (file));

  import_file (self, file, FALSE, cancellable, callback, user_data);
}

/* A picture the service made: whatever its colours, it is a rendering,
 * not line art, so the service is told to find its edges. Reading its
 * soft shading as ink would make the next generation a muddle. */
void
sb_sketch_import_rendering_async (SbSketch            *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (G_IS_FILE (file));

  import_file (self, file, TRUE, cancellable, callback, user_data);
}

/* The same, for a picture in memory (the clipboard, a drop). */
void
sb_sketch_import_bytes_async (SbSketch            *self,
                              GBytes              *bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Import *import = g_new0 (Import, 1);

  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (bytes != NULL);

  import->bytes = g_bytes_ref (bytes);
  start_import (self, import, cancellable, callback, user_data);
}

gboolean
sb_sketch_import_finish (SbSketch      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  Import *import;
  Action *action;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  import = g_task_get_task_data (G_TASK (result));
  sb_sketch_end_stroke (self);
  action = g_new0 (Action, 1);
  action->kind = ACTION_IMPORT;
  action->image = g_steal_pointer (&import->page);
  paint_action (self->surface, action);
  cairo_surface_mark_dirty (self->surface);
  emit_all_changed (self);
  push_action (self, action);
  sb_sketch_set_extraction (self, import->photo);

  return TRUE;
}

/* The sketch as the service wants it: 768×768 on white, as a compact PNG. */
GBytes *
sb_sketch_export_png (SbSketch  *self,
                      GError   **error)
{
  g_return_val_if_fail (SB_IS_SKETCH (self), NULL);

  return sb_png_encode_compact (self->surface, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GBytes *png = sb_png_encode_compact (task_data, &error);

  if (png != NULL)
    g_task_return_pointer (task, png, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

/* The same, encoded off the main thread from a copy of the pixels as they
 * are now: later strokes do not change it. */
void
sb_sketch_export_png_async (SbSketch            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  cairo_surface_t *copy;

  g_return_if_fail (SB_IS_SKETCH (self));

  copy = new_page ();
  copy_pixels (copy, self->surface);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_sketch_export_png_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) cairo_surface_destroy);
  g_task_run_in_thread (task, export_thread);
}

GBytes *
sb_sketch_export_png_finish (SbSketch      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sb_sketch_apply_colors:
 *
 * Sets sketch_color: when any visible stroke is in a colour other than
 * black, the set of all pen colours in use, so that coloured line art is read
 * as lines; otherwise none (the service's default reads black lines).
 */
void
sb_sketch_apply_colors (SbSketch *self,
                        SbParams *params)
{
  g_autoptr(GArray) colors = g_array_new (FALSE, FALSE, sizeof (guint32));
  gboolean any_colour = FALSE;
  guint first = 0;

  g_return_if_fail (SB_IS_SKETCH (self));
  g_return_if_fail (SB_IS_PARAMS (params));

  /* Only what is on the page: strokes since the last clear or import. */
  for (guint i = 0; i < self->position; i++)
    if (((Action *) g_ptr_array_index (self->actions, i))->kind != ACTION_STROKE)
      first = i + 1;

  for (guint i = first; i < self->position; i++)
    {
      const Action *action = g_ptr_array_index (self->actions, i);
      gboolean seen = FALSE;

      if (action->tool != SB_TOOL_PEN)
        continue;
      for (guint j = 0; j < colors->len; j++)
        seen |= g_array_index (colors, guint32, j) == action->color;
      if (!seen)
        g_array_append_val (colors, action->color);
      any_colour |= action->color != SB_COLOR_BLACK;
    }

  sb_params_clear_colors (params);
  for (guint i = 0; any_colour && i < colors->len; i++)
    {
      guint32 color = g_array_index (colors, guint32, i);

      sb_params_add_color (params, (color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff);
    }
}

/* Autosave: the actions and the position, as JSON. */

GBytes *
sb_sketch_serialize (SbSketch *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  g_return_val_if_fail (SB_IS_SKETCH (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "position");
  json_builder_add_int_value (builder, self->position);
  json_builder_set_member_name (builder, "extraction");
  json_builder_add_boolean_value (builder, self->extraction);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->actions->len; i++)
    {
      const Action *action = g_ptr_array_index (self->actions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, action->kind == ACTION_STROKE ? "stroke" :
                                              action->kind == ACTION_CLEAR ? "clear" : "import");
      if (action->kind == ACTION_STROKE)
        {
          json_builder_set_member_name (builder, "tool");
          json_builder_add_string_value (builder, action->tool == SB_TOOL_ERASER ? "eraser" : "pen");
          json_builder_set_member_name (builder, "width");
          json_builder_add_double_value (builder, action->width);
          json_builder_set_member_name (builder, "color");
          json_builder_add_int_value (builder, action->color);
          /* x, y, pressure, time, x, y, pressure, time, … */
          json_builder_set_member_name (builder, "points");
          json_builder_begin_array (builder);
          for (guint j = 0; j < action->points->len; j++)
            {
              const SbPoint *p = &g_array_index (action->points, SbPoint, j);

              json_builder_add_double_value (builder, p->x);
              json_builder_add_double_value (builder, p->y);
              json_builder_add_double_value (builder, p->pressure);
              json_builder_add_double_value (builder, p->time);
            }
          json_builder_end_array (builder);
        }
      else if (action->kind == ACTION_IMPORT)
        {
          g_autoptr(GBytes) png = sb_png_encode_compact (action->image, NULL);
          g_autofree char *base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));

          json_builder_set_member_name (builder, "png");
          json_builder_add_string_value (builder, base64);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static gboolean
damaged (GError     **error,
         const char  *why)
{
  g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The saved sketch is damaged (%s)"), why);
  return FALSE;
}

static Action *
read_action (JsonObject  *object,
             GError     **error)
{
  const char *kind = sb_json_get_string (object, "kind");
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  Action *action;

  if (g_strcmp0 (kind, "clear") == 0)
    {
      action = g_new0 (Action, 1);
      action->kind = ACTION_CLEAR;
      return action;
    }

  if (g_strcmp0 (kind, "import") == 0)
    {
      const char *base64 = sb_json_get_string (object, "png");
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
      g_autofree guchar *png = NULL;
      gsize length = 0;
      gboolean decoded;

      if (base64 != NULL)
        png = g_base64_decode (base64, &length);
      /* Probed like any import before it is decoded: the file may have
       * been edited to hold a picture of 30000×30000 pixels. */
      decoded = length > 0 && sb_image_check_import (png, length, NULL) &&
                gdk_pixbuf_loader_write (loader, png, length, NULL);
      decoded = gdk_pixbuf_loader_close (loader, NULL) && decoded;
      if (!decoded || gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
        {
          damaged (error, "an imported picture");
          return NULL;
        }

      action = g_new0 (Action, 1);
      action->kind = ACTION_IMPORT;
      action->image = fit_on_page (gdk_pixbuf_loader_get_pixbuf (loader));
      return action;
    }

  if (g_strcmp0 (kind, "stroke") == 0)
    {
      JsonArray *points = sb_json_get_array (object, "points");
      JsonNode *width = json_object_get_member (object, "width");
      gint64 color = 0;

      if (points == NULL || json_array_get_length (points) == 0 || json_array_get_length (points) % 4 != 0 ||
          width == NULL || !JSON_NODE_HOLDS_VALUE (width) || !sb_json_get_int (object, "color", &color))
        {
          damaged (error, "a stroke");
          return NULL;
        }

      action = g_new0 (Action, 1);
      action->kind = ACTION_STROKE;
      action->tool = g_strcmp0 (sb_json_get_string (object, "tool"), "eraser") == 0 ? SB_TOOL_ERASER : SB_TOOL_PEN;
      action->width = CLAMP (json_node_get_double (width), 1, 64);
      action->color = CLAMP (color, 0, 0xffffff);
      action->points = g_array_new (FALSE, FALSE, sizeof (SbPoint));
      for (guint i = 0; i < json_array_get_length (points); i += 4)
        {
          SbPoint point = {
            json_array_get_double_element (points, i),
            json_array_get_double_element (points, i + 1),
            CLAMP (json_array_get_double_element (points, i + 2), 0, 1),
            json_array_get_double_element (points, i + 3),
          };

          g_array_append_val (action->points, point);
        }
      return action;
    }

  damaged (error, "an unknown action");
  return NULL;
}

/**
 * sb_sketch_load:
 *
 * Replaces the drawing with a saved one, undo history included. A damaged
 * file leaves the drawing as it was and says why.
 */
gboolean
sb_sketch_load (SbSketch  *self,
                GBytes    *data,
                GError   **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) action_free);
  JsonObject *object;
  JsonArray *list;
  gint64 version = 0, position = -1;
  gboolean extraction = FALSE;
  gboolean was_empty, could_undo, could_redo;

  g_return_val_if_fail (SB_IS_SKETCH (self), FALSE);

  root = sb_json_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data), NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return damaged (error, "not JSON");

  object = json_node_get_object (root);
  list = sb_json_get_array (object, "actions");
  if (!sb_json_get_int (object, "version", &version) || version != FORMAT_VERSION ||
      !sb_json_get_int (object, "position", &position) || list == NULL ||
      position < 0 || position > json_array_get_length (list))
    return damaged (error, "no drawing in it");
  sb_json_get_boolean (object, "extraction", &extraction);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      Action *action;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return damaged (error, "an action");
      if ((action = read_action (json_node_get_object (node), error)) == NULL)
        return FALSE;
      g_ptr_array_add (actions, action);
    }

  was_empty = sb_sketch_is_empty (self);
  could_undo = sb_sketch_get_can_undo (self);
  could_redo = sb_sketch_get_can_redo (self);

  g_clear_pointer (&self->current, action_free);
  g_ptr_array_unref (self->actions);
  self->actions = g_steal_pointer (&actions);
  g_array_set_size (self->checkpoints, 1);

  /* Rebuild the checkpoints by replaying once. */
  copy_pixels (self->surface, g_array_index (self->checkpoints, Checkpoint, 0).surface);
  for (guint i = 0; i < self->actions->len; i++)
    {
      paint_action (self->surface, g_ptr_array_index (self->actions, i));
      if ((i + 1) % CHECKPOINT_EVERY == 0)
        {
          Checkpoint checkpoint = { i + 1, new_page () };

          copy_pixels (checkpoint.surface, self->surface);
          g_array_append_val (self->checkpoints, checkpoint);
        }
    }
  render_position (self, position);
  sb_sketch_set_extraction (self, extraction);
  notify_history (self, was_empty, could_undo, could_redo);

  return TRUE;
}
