/* sb-canvas.c: the drawing surface in the window
 *
 * Shows an SbSketch as a square page, scaled down when the window is smaller
 * than 768×768 (the sketch itself always stays 768×768 logical pixels), and
 * turns pointer input into strokes in sketch coordinates: a stylus through
 * GtkGestureStylus (pressure, and its eraser end erases), mouse and touch
 * through GtkGestureDrag (a mouse has no pressure: SB_DEFAULT_PRESSURE).
 * Coalesced motion events are replayed from the event history, so fast
 * strokes keep their shape. A circle shows the brush size under the pointer.
 *
 * The view zooms (Ctrl+scroll, pinch, sb_canvas_zoom_in/out/fit) from
 * "fit" (the page fills the widget, zoom 1) to 8×, and pans when zoomed
 * (Space+drag, middle-drag, scrolling, two fingers, the arrow keys); the
 * arithmetic of where the page is lives in sb-canvas-view.c, this file
 * handles the input. Every point goes through widget_to_sketch, so strokes
 * land on the same sketch pixels at any zoom, pan and scale. Alt+click, or a click after
 * sb_canvas_set_picking, takes the colour under the pointer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-canvas"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sb-canvas.h"
#include "sb-canvas-view.h"
#include "sb-limits.h"
#include "sb-texture.h"

#define MIN_SIDE 192
/* Ctrl+plus and Ctrl+minus step by √2: twice is 200 %. */
#define ZOOM_STEP G_SQRT2

struct _SbCanvas
{
  GtkWidget  parent_instance;

  SbSketch  *sketch;
  GdkTexture *tracing;   /* shown faintly over the page; never exported */
  SbStage    *stage;     /* a generation's pictures over the page */
  cairo_surface_t *page_pixels;  /* the sketch scaled to the page on screen, while it is all in view */
  GdkTexture *page_texture;      /* the same, for the renderer: one upload per change, not per frame */
  cairo_rectangle_int_t damage;  /* sketch pixels changed since page_pixels was drawn; empty: none */
  GdkTexture *staged;    /* the stage's picture on show, once loaded */
  GdkTexture *staged_shown;  /* the same, at the page's size on screen */
  GCancellable *staged_loading;
  guint      staged_reload;  /* the page's size changed: pixels at the new size, soon */
  gboolean   wiping;     /* a drag moves the stage's divider, not ink */
  SbMaskLayer *mask;     /* while a region of the staged picture is painted */
  double     mask_radius;   /* its brush, in sketch units */
  gboolean   mask_erasing;
  gboolean   masking;       /* a drag paints the region */
  double     mask_x;        /* the brush's last point, in the picture's pixels */
  double     mask_y;
  gboolean   framing;       /* the frame an extension would make is drawn */
  double     frame[SB_N_SIDES];   /* …each side's scale (sb-params.h) */
  double     drag_start_x;
  double     drag_start_y;
  double     pointer_x;
  double     pointer_y;
  gboolean   pointer_inside;
  gboolean   drawing;

  SbCanvasView view;      /* where the page is: sb-canvas-view.c */
  gboolean   panning;
  double     pan_start_x;   /* the offset when the pan began */
  double     pan_start_y;
  gboolean   space_held;    /* Space+drag pans */
  gboolean   picking;       /* the next click takes a colour */
  double     pinch_zoom;    /* the view when a pinch began */
  double     pinch_x;
  double     pinch_y;
};

G_DEFINE_FINAL_TYPE (SbCanvas, sb_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SKETCH,
  PROP_TRACING,
  PROP_ZOOM,
  PROP_PICKING,
  PROP_STAGED,
  PROP_MASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static double
widget_width (SbCanvas *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self));
}

static double
widget_height (SbCanvas *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self));
}

/* The height over the width of what is on show: the staged picture (drawn
 * at the page's width), or the square sketch. */
static double
shown_aspect (SbCanvas *self)
{
  if (self->staged_shown == NULL || self->stage == NULL || !sb_stage_get_active (self->stage))
    return 1.0;
  return (double) gdk_texture_get_height (self->staged_shown) / gdk_texture_get_width (self->staged_shown);
}

/* The view on show: the one zoomed and panned, or while an extension is
 * framed, the one that shows its whole new frame. */
static SbCanvasView
shown_view (SbCanvas *self)
{
  if (!self->framing)
    return self->view;
  return sb_canvas_view_framing (widget_width (self), widget_height (self), self->frame, shown_aspect (self));
}

static graphene_rect_t
get_page (SbCanvas *self)
{
  SbCanvasView view = shown_view (self);

  return sb_canvas_view_get_page (&view, widget_width (self), widget_height (self));
}

static double
get_scale (SbCanvas *self)
{
  SbCanvasView view = shown_view (self);

  return sb_canvas_view_get_scale (&view, widget_width (self), widget_height (self));
}

static void
widget_to_sketch (SbCanvas *self,
                  double    x,
                  double    y,
                  double   *sketch_x,
                  double   *sketch_y)
{
  SbCanvasView view = shown_view (self);

  sb_canvas_view_to_sketch (&view, widget_width (self), widget_height (self), x, y, sketch_x, sketch_y);
}

static void schedule_staged_reload (SbCanvas *self);

/* The view changed: redrawn; a new zoom is said. */
static void
view_changed (SbCanvas *self,
              gboolean  zoomed)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (zoomed)
    schedule_staged_reload (self);
  if (zoomed)
    {
      /* The arrow keys move a zoomed page; at "fit" they move the focus. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.pan", self->view.zoom > 1.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

static void
set_view (SbCanvas *self,
          double    zoom,
          double    offset_x,
          double    offset_y)
{
  view_changed (self, sb_canvas_view_set (&self->view, widget_width (self), widget_height (self),
                                          zoom, offset_x, offset_y));
}

static void
zoom_at (SbCanvas *self,
         double    zoom,
         double    x,
         double    y)
{
  view_changed (self, sb_canvas_view_zoom_at (&self->view, widget_width (self), widget_height (self), zoom, x, y));
}

/* The eyedropper: the colour under a point of the widget becomes the pen's. */
static gboolean
pick_color (SbCanvas *self,
            double    x,
            double    y)
{
  double sx, sy;
  guint32 color;

  widget_to_sketch (self, x, y, &sx, &sy);
  if (self->sketch == NULL || !sb_sketch_get_color_at (self->sketch, sx, sy, &color))
    return FALSE;

  sb_sketch_set_color (self->sketch, color);
  sb_sketch_set_tool (self->sketch, SB_TOOL_PEN);
  sb_canvas_set_picking (self, FALSE);
  return TRUE;
}

static void
update_cursor (SbCanvas *self)
{
  const char *name = "crosshair";

  if (self->panning)
    name = "grabbing";
  else if (self->space_held)
    name = "grab";
  else if (self->picking)
    name = "color-picker";
  else if (self->mask != NULL)
    name = "cell";
  else if (self->stage != NULL && sb_stage_get_active (self->stage))
    name = "col-resize";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
begin_pan (SbCanvas *self)
{
  self->panning = TRUE;
  self->pan_start_x = self->view.offset_x;
  self->pan_start_y = self->view.offset_y;
  update_cursor (self);
}

static void
end_pan (SbCanvas *self)
{
  self->panning = FALSE;
  update_cursor (self);
}

/* A point of the widget in the region's pixels (the picture's own): the
 * picture is drawn from the page's corner at the page's width. */
static void
widget_to_mask (SbCanvas *self,
                double    x,
                double    y,
                double   *mask_x,
                double   *mask_y)
{
  double sx, sy, k = sb_mask_layer_get_width (self->mask) / (double) SB_SKETCH_SIZE;

  widget_to_sketch (self, x, y, &sx, &sy);
  *mask_x = sx * k;
  *mask_y = sy * k;
}

/* The brush's radius in the region's pixels. */
static double
mask_radius (SbCanvas *self)
{
  return self->mask_radius * sb_mask_layer_get_width (self->mask) / (double) SB_SKETCH_SIZE;
}

static gboolean
begin (SbCanvas *self,
       SbTool    tool,
       double    x,
       double    y,
       double    pressure)
{
  graphene_rect_t page = get_page (self);
  double sx, sy;

  if (self->sketch == NULL || !graphene_rect_contains_point (&page, &GRAPHENE_POINT_INIT (x, y)))
    return FALSE;

  /* Painting a region of the picture on show (or of the sketch): in the
   * picture's pixels. */
  if (self->mask != NULL)
    {
      self->masking = TRUE;
      widget_to_mask (self, x, y, &self->mask_x, &self->mask_y);
      sb_mask_layer_paint (self->mask, self->mask_x, self->mask_y, self->mask_x, self->mask_y, mask_radius (self),
                           self->mask_erasing);
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return TRUE;
    }

  /* A picture on show: the drawing under it is not touched; the pointer
   * moves the divider between the two. */
  if (self->stage != NULL && sb_stage_get_active (self->stage))
    {
      self->wiping = TRUE;
      sb_stage_set_wipe (self->stage, (x - page.origin.x) / page.size.width);
      gtk_widget_grab_focus (GTK_WIDGET (self));
      return TRUE;
    }

  widget_to_sketch (self, x, y, &sx, &sy);
  sb_sketch_begin_stroke (self->sketch, tool, sx, sy, pressure);
  self->drawing = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self));

  return TRUE;
}

static void
extend (SbCanvas *self,
        double    x,
        double    y,
        double    pressure)
{
  double sx, sy;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->masking)
    {
      double mx, my;

      widget_to_mask (self, x, y, &mx, &my);
      sb_mask_layer_paint (self->mask, self->mask_x, self->mask_y, mx, my, mask_radius (self), self->mask_erasing);
      self->mask_x = mx;
      self->mask_y = my;
      return;
    }
  if (self->wiping)
    {
      graphene_rect_t page = get_page (self);

      sb_stage_set_wipe (self->stage, (x - page.origin.x) / page.size.width);
      return;
    }
  widget_to_sketch (self, x, y, &sx, &sy);
  sb_sketch_extend_stroke (self->sketch, sx, sy, pressure);
  self->pointer_x = x;
  self->pointer_y = y;
}

static void
end (SbCanvas *self)
{
  self->wiping = FALSE;
  self->masking = FALSE;
  if (!self->drawing)
    return;

  self->drawing = FALSE;
  sb_sketch_end_stroke (self->sketch);
}

/* Mouse and touch. */

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SbCanvas       *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));

  /* A stylus is GtkGestureStylus's, with its pressure and tool. */
  if (event != NULL && gdk_event_get_device_tool (event) != NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->drag_start_x = x;
  self->drag_start_y = y;

  if (self->space_held)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      begin_pan (self);
      return;
    }

  /* Alt+click, or any click while picking: the eyedropper. */
  if (self->picking ||
      (event != NULL && (gdk_event_get_modifier_state (event) & GDK_ALT_MASK) != 0))
    {
      pick_color (self, x, y);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  if (!begin (self, sb_sketch_get_tool (self->sketch), x, y, SB_DEFAULT_PRESSURE))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                SbCanvas       *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  graphene_point_t origin;
  guint n_history = 0;
  GdkTimeCoord *history = NULL;

  if (self->panning)
    {
      set_view (self, self->view.zoom, self->pan_start_x + offset_x, self->pan_start_y + offset_y);
      return;
    }

  if (self->wiping)
    {
      extend (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y, SB_DEFAULT_PRESSURE);
      return;
    }
  if (!self->drawing && !self->masking)
    return;

  /* Motion events coalesced into this one carry the points in between. */
  if (event != NULL && gdk_event_get_event_type (event) == GDK_MOTION_NOTIFY)
    history = gdk_event_get_history (event, &n_history);
  if (history != NULL && n_history > 0)
    {
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      double nx, ny;

      gtk_native_get_surface_transform (native, &nx, &ny);
      if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self), &GRAPHENE_POINT_INIT (0, 0), &origin))
        for (guint i = 0; i < n_history; i++)
          extend (self, history[i].axes[GDK_AXIS_X] - nx + origin.x, history[i].axes[GDK_AXIS_Y] - ny + origin.y,
                  SB_DEFAULT_PRESSURE);
    }
  g_free (history);

  extend (self, self->drag_start_x + offset_x, self->drag_start_y + offset_y, SB_DEFAULT_PRESSURE);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          offset_x,
             double          offset_y,
             SbCanvas       *self)
{
  if (self->panning)
    end_pan (self);
  end (self);
}

/* The middle button always pans. */

static void
on_pan_begin (GtkGestureDrag *gesture,
              double          x,
              double          y,
              SbCanvas       *self)
{
  begin_pan (self);
}

static void
on_pan_update (GtkGestureDrag *gesture,
               double          offset_x,
               double          offset_y,
               SbCanvas       *self)
{
  set_view (self, self->view.zoom, self->pan_start_x + offset_x, self->pan_start_y + offset_y);
}

static void
on_pan_end (GtkGestureDrag *gesture,
            double          offset_x,
            double          offset_y,
            SbCanvas       *self)
{
  end_pan (self);
}

/* Two fingers: pinch zooms about where they are, moving them pans. */

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                SbCanvas         *self)
{
  /* A finger that began a stroke was the first of two: no mark left. */
  if (self->drawing)
    {
      self->drawing = FALSE;
      sb_sketch_cancel_stroke (self->sketch);
    }
  self->pinch_zoom = self->view.zoom;
  self->pan_start_x = self->view.offset_x;
  self->pan_start_y = self->view.offset_y;
  gtk_gesture_get_bounding_box_center (gesture, &self->pinch_x, &self->pinch_y);
}

static void
on_pinch_changed (GtkGestureZoom *gesture,
                  double          scale,
                  SbCanvas       *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    return;

  /* From the view at the start: zoom about the first centre, then follow
   * the fingers. */
  set_view (self, self->pinch_zoom, self->pan_start_x, self->pan_start_y);
  zoom_at (self, self->pinch_zoom * scale, self->pinch_x, self->pinch_y);
  set_view (self, self->view.zoom, self->view.offset_x + x - self->pinch_x, self->view.offset_y + y - self->pinch_y);
}

/* Ctrl+scroll zooms about the pointer; scrolling pans a zoomed page. */

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           SbCanvas                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (state & GDK_CONTROL_MASK)
    {
      zoom_at (self, self->view.zoom * pow (ZOOM_STEP, -dy / 2), self->pointer_x, self->pointer_y);
      return GDK_EVENT_STOP;
    }
  if (self->view.zoom > 1.0)
    {
      if (state & GDK_SHIFT_MASK)
        dx = dy, dy = 0;
      set_view (self, self->view.zoom, self->view.offset_x - dx * 40, self->view.offset_y - dy * 40);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* The arrow keys, with the canvas focused: a step of the page (Shift: four). */
static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SbCanvas *self = SB_CANVAS (widget);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  /* A generation on show over the page: ← and → go through its pictures. */
  if (self->stage != NULL && sb_stage_get_active (self->stage) && dy == 0 && ABS (dx) == 1)
    {
      sb_stage_move (self->stage, dx);
      return;
    }
  set_view (self, self->view.zoom, self->view.offset_x - dx * 48.0, self->view.offset_y - dy * 48.0);
}

/* Space held over the canvas turns dragging into panning. */

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SbCanvas              *self)
{
  if (keyval == GDK_KEY_space && (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) == 0)
    {
      self->space_held = TRUE;
      update_cursor (self);
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Escape && self->picking)
    {
      sb_canvas_set_picking (self, FALSE);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 SbCanvas              *self)
{
  if (keyval == GDK_KEY_space)
    {
      self->space_held = FALSE;
      update_cursor (self);
    }
}

static void
on_focus_leave (SbCanvas *self)
{
  self->space_held = FALSE;
  update_cursor (self);
}

/* A stylus: pressure, and the eraser end erases. */

static double
stylus_pressure (GtkGestureStylus *gesture)
{
  double pressure;

  if (!gtk_gesture_stylus_get_axis (gesture, GDK_AXIS_PRESSURE, &pressure))
    return SB_DEFAULT_PRESSURE;

  return pressure;
}

static void
on_stylus_down (GtkGestureStylus *gesture,
                double            x,
                double            y,
                SbCanvas         *self)
{
  GdkDeviceTool *tool = gtk_gesture_stylus_get_device_tool (gesture);
  SbTool sketch_tool = sb_sketch_get_tool (self->sketch);

  if (tool != NULL && gdk_device_tool_get_tool_type (tool) == GDK_DEVICE_TOOL_TYPE_ERASER)
    sketch_tool = SB_TOOL_ERASER;

  if (self->picking ||
      (gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture)) & GDK_ALT_MASK) != 0)
    {
      if (pick_color (self, x, y))
        gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  if (begin (self, sketch_tool, x, y, stylus_pressure (gesture)))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_stylus_motion (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  SbCanvas         *self)
{
  GdkTimeCoord *backlog = NULL;
  guint n_backlog = 0;

  if (!self->drawing && !self->masking)
    {
      self->pointer_x = x;
      self->pointer_y = y;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  /* The backlog holds the coalesced points since the last motion, in
   * surface coordinates like the event. */
  if (gtk_gesture_stylus_get_backlog (gesture, &backlog, &n_backlog))
    {
      graphene_point_t origin;
      GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
      double nx, ny;

      gtk_native_get_surface_transform (native, &nx, &ny);
      if (gtk_widget_compute_point (GTK_WIDGET (native), GTK_WIDGET (self), &GRAPHENE_POINT_INIT (0, 0), &origin))
        for (guint i = 0; i + 1 < n_backlog; i++)
          extend (self, backlog[i].axes[GDK_AXIS_X] - nx + origin.x, backlog[i].axes[GDK_AXIS_Y] - ny + origin.y,
                  backlog[i].flags & GDK_AXIS_FLAG_PRESSURE ? backlog[i].axes[GDK_AXIS_PRESSURE] : SB_DEFAULT_PRESSURE);
      g_free (backlog);
    }

  extend (self, x, y, stylus_pressure (gesture));
}

static void
on_stylus_up (GtkGestureStylus *gesture,
              double            x,
              double            y,
              SbCanvas         *self)
{
  end (self);
}

/* The brush outline follows the pointer. */

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           SbCanvas                 *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (GtkEventControllerMotion *controller,
          SbCanvas                 *self)
{
  self->pointer_inside = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_sketch_changed (SbCanvas *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Only what changed is scaled again (a stroke's few pixels), not the page. */
static void
on_sketch_pixels_changed (SbSketch *sketch,
                          int       x,
                          int       y,
                          int       width,
                          int       height,
                          SbCanvas *self)
{
  cairo_rectangle_int_t changed = { x, y, width, height };

  if (self->damage.width <= 0 || self->damage.height <= 0)
    self->damage = changed;
  else
    {
      int right = MAX (self->damage.x + self->damage.width, x + width);
      int bottom = MAX (self->damage.y + self->damage.height, y + height);

      self->damage.x = MIN (self->damage.x, x);
      self->damage.y = MIN (self->damage.y, y);
      self->damage.width = right - self->damage.x;
      self->damage.height = bottom - self->damage.y;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clear_page_pixels (SbCanvas *self)
{
  g_clear_pointer (&self->page_pixels, cairo_surface_destroy);
  g_clear_object (&self->page_texture);
}

/* The sketch at the page's size in device pixels, kept between frames:
 * scaling 768² with a good filter took ~10 ms a frame, paid again for every
 * redraw (the pointer's brush, a picture staged over the page), and a new
 * cairo drawing is a new upload for a GL renderer. Only what changed is
 * scaled again. Returns NULL when the page is not all in view (zoomed in:
 * only the part on screen is painted, from the sketch itself). */
static GdkTexture *
get_page_texture (SbCanvas              *self,
                 const graphene_rect_t *page,
                 const graphene_rect_t *view)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int width = (int) ceil (page->size.width * scale);
  int height = (int) ceil (page->size.height * scale);
  double to_page = (double) width / SB_SKETCH_SIZE;
  cairo_t *cr;
  int x0, y0, x1, y1;

  if (self->sketch == NULL || !graphene_rect_contains_rect (view, page) || width < 1 || height < 1)
    {
      clear_page_pixels (self);
      return NULL;
    }
  if (self->page_pixels == NULL || cairo_image_surface_get_width (self->page_pixels) != width ||
      cairo_image_surface_get_height (self->page_pixels) != height)
    {
      clear_page_pixels (self);
      /* ARGB32, every pixel opaque: the layout of GDK_MEMORY_DEFAULT. */
      self->page_pixels = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      self->damage = (cairo_rectangle_int_t) { 0, 0, SB_SKETCH_SIZE, SB_SKETCH_SIZE };
    }
  if (self->page_texture != NULL && (self->damage.width <= 0 || self->damage.height <= 0))
    return self->page_texture;

  /* The changed sketch pixels, and the filter's reach around them. */
  x0 = MAX ((int) floor ((self->damage.x - 2) * to_page), 0);
  y0 = MAX ((int) floor ((self->damage.y - 2) * to_page), 0);
  x1 = MIN ((int) ceil ((self->damage.x + self->damage.width + 2) * to_page), width);
  y1 = MIN ((int) ceil ((self->damage.y + self->damage.height + 2) * to_page), height);
  self->damage = (cairo_rectangle_int_t) { 0, 0, 0, 0 };
  cr = cairo_create (self->page_pixels);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_clip (cr);
  cairo_scale (cr, to_page, (double) height / SB_SKETCH_SIZE);
  cairo_set_source_surface (cr, sb_sketch_get_surface (self->sketch), 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (self->page_pixels);

  {
    int stride = cairo_image_surface_get_stride (self->page_pixels);
    g_autoptr(GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (self->page_pixels), (gsize) stride * height);

    g_clear_object (&self->page_texture);
    self->page_texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
  }
  return self->page_texture;
}

/* The stage's picture over the page, left of the divider, at the chosen
 * opacity; the divider a light line with a dark edge and a round handle,
 * legible on any picture. */
static void
snapshot_staged (SbCanvas        *self,
                 GtkSnapshot     *snapshot,
                 graphene_rect_t *page)
{
  double wipe = sb_stage_get_wipe (self->stage);
  double x = page->origin.x + wipe * page->size.width;
  double middle = page->origin.y + page->size.height / 2;
  double width = gdk_texture_get_width (self->staged_shown);
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  graphene_rect_t shown;
  cairo_t *cr;

  /* Pixels decoded at the page's size: drawn 1:1, at whole pixels, the
   * same texture every frame; scaled while the page has another size
   * (zoomed, until schedule_staged_reload has them again at the new one,
   * or larger than the picture itself). */
  if (fabs (width - page->size.width * scale) < 1.5)
    shown = GRAPHENE_RECT_INIT (round (page->origin.x), round (page->origin.y), width / scale,
                                gdk_texture_get_height (self->staged_shown) / (double) scale);
  else
    shown = GRAPHENE_RECT_INIT (page->origin.x, page->origin.y, page->size.width,
                                page->size.width * gdk_texture_get_height (self->staged_shown) / width);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (page->origin.x, page->origin.y,
                                                         wipe * page->size.width, page->size.height));
  gtk_snapshot_push_opacity (snapshot, sb_stage_get_opacity (self->stage));
  gtk_snapshot_append_texture (snapshot, self->staged_shown, &shown);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);

  /* Painting a region or framing an extension: the whole picture, no
   * divider to move. */
  if (self->mask != NULL || self->framing)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 14, page->origin.y, 28, page->size.height));
  cairo_rectangle (cr, x - 1.5, page->origin.y, 3, page->size.height);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_fill (cr);
  cairo_rectangle (cr, x - 0.5, page->origin.y, 1, page->size.height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_arc (cr, x, middle, 12, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_stroke (cr);
  /* Two arrows: it moves sideways. */
  cairo_move_to (cr, x - 3, middle - 5);
  cairo_line_to (cr, x - 8, middle);
  cairo_line_to (cr, x - 3, middle + 5);
  cairo_move_to (cr, x + 3, middle - 5);
  cairo_line_to (cr, x + 8, middle);
  cairo_line_to (cr, x + 3, middle + 5);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
sb_canvas_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  SbCanvas *self = SB_CANVAS (widget);
  graphene_rect_t page = get_page (self);
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  graphene_rect_t visible;
  GskRoundedRect outline;
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_t *cr;

  /* Zoomed in, only the part on screen is painted: at 8× the whole page
   * would be a surface of thousands of pixels a side. */
  if (page.size.width < 1 || !graphene_rect_intersection (&page, &view, &visible))
    return;

  gtk_snapshot_push_clip (snapshot, &view);
  gsk_rounded_rect_init_from_rect (&outline, &page, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.25 }, 0, 1, 0, 4);

  /* A tracing picture multiplies faintly with the page: paper shows it
   * lightened, ink stays ink, and the sketch itself is untouched. */
  if (self->tracing != NULL)
    gtk_snapshot_push_blend (snapshot, GSK_BLEND_MODE_MULTIPLY);

  if (self->view.zoom < 4 && get_page_texture (self, &page, &view) != NULL)
    /* At whole pixels, 1:1. */
    gtk_snapshot_append_texture (snapshot, self->page_texture,
                                 &GRAPHENE_RECT_INIT (round (page.origin.x), round (page.origin.y),
                                                      (double) gdk_texture_get_width (self->page_texture) / scale,
                                                      (double) gdk_texture_get_height (self->page_texture) / scale));
  else
    {
      cr = gtk_snapshot_append_cairo (snapshot, &visible);
      cairo_translate (cr, page.origin.x, page.origin.y);
      cairo_scale (cr, page.size.width / SB_SKETCH_SIZE, page.size.height / SB_SKETCH_SIZE);
      if (self->sketch != NULL)
        {
          cairo_set_source_surface (cr, sb_sketch_get_surface (self->sketch), 0, 0);
          /* Zoomed in far, the artist sees pixels, not a blur. */
          cairo_pattern_set_filter (cairo_get_source (cr), self->view.zoom >= 4 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
        }
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_rectangle (cr, 0, 0, SB_SKETCH_SIZE, SB_SKETCH_SIZE);
      cairo_fill (cr);
      cairo_destroy (cr);
    }

  if (self->tracing != NULL)
    {
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_push_opacity (snapshot, 0.3);
      gtk_snapshot_append_texture (snapshot, self->tracing, &page);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_pop (snapshot);
    }

  if (self->staged_shown != NULL && self->stage != NULL && sb_stage_get_active (self->stage))
    snapshot_staged (self, snapshot, &page);

  /* The region being painted: a soft tint over the picture, where it will
   * be repainted (what is sent is two-toned: sb-mask-layer.c). */
  if (self->mask != NULL)
    {
      double k = page.size.width / sb_mask_layer_get_width (self->mask);
      graphene_rect_t covered = GRAPHENE_RECT_INIT (page.origin.x, page.origin.y, page.size.width,
                                                    sb_mask_layer_get_height (self->mask) * k);
      cairo_t *tint = gtk_snapshot_append_cairo (snapshot, &covered);

      cairo_translate (tint, page.origin.x, page.origin.y);
      cairo_scale (tint, k, k);
      cairo_set_source_rgba (tint, 0.95, 0.2, 0.45, 0.5);
      cairo_mask_surface (tint, sb_mask_layer_get_surface (self->mask), 0, 0);
      cairo_destroy (tint);
    }

  /* Extending: the new frame around the picture, its added room tinted,
   * seen before anything is paid. */
  if (self->framing)
    {
      double pw = page.size.width;
      double ph = pw * shown_aspect (self);
      double fx = page.origin.x - (self->frame[SB_SIDE_LEFT] - 1) * pw;
      double fy = page.origin.y - (self->frame[SB_SIDE_TOP] - 1) * ph;
      double fw = pw * (self->frame[SB_SIDE_LEFT] + self->frame[SB_SIDE_RIGHT] - 1);
      double fh = ph * (self->frame[SB_SIDE_TOP] + self->frame[SB_SIDE_BOTTOM] - 1);
      cairo_t *frame = gtk_snapshot_append_cairo (snapshot, &view);
      const double dash[] = { 6, 4 };

      cairo_set_fill_rule (frame, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_rectangle (frame, fx, fy, fw, fh);
      cairo_rectangle (frame, page.origin.x, page.origin.y, pw, ph);
      cairo_set_source_rgba (frame, 0.21, 0.52, 0.89, 0.25);
      cairo_fill (frame);
      cairo_rectangle (frame, fx + 0.5, fy + 0.5, fw - 1, fh - 1);
      cairo_set_line_width (frame, 1);
      cairo_set_source_rgb (frame, 1, 1, 1);
      cairo_stroke_preserve (frame);
      cairo_set_dash (frame, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgb (frame, 0.21, 0.52, 0.89);
      cairo_stroke (frame);
      cairo_destroy (frame);
    }

  /* The brush: a thin circle of the stroke's size, legible on ink and paper. */
  if (self->sketch != NULL && self->pointer_inside && !self->wiping &&
      (self->stage == NULL || !sb_stage_get_active (self->stage)) &&
      graphene_rect_contains_point (&page, &GRAPHENE_POINT_INIT (self->pointer_x, self->pointer_y)))
    {
      double radius = MAX (sb_sketch_get_width (self->sketch) / get_scale (self), 1.5);

      cr = gtk_snapshot_append_cairo (snapshot, &visible);
      cairo_arc (cr, self->pointer_x, self->pointer_y, radius + 0.5, 0, 2 * G_PI);
      cairo_set_line_width (cr, 1);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_dash (cr, (double[]) { 2, 2 }, 2, 0);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);
}

/* A new size keeps the zoom, and the page within reach. */
static void
sb_canvas_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  sb_canvas_view_clamp (&SB_CANVAS (widget)->view, MIN (width, height));
  schedule_staged_reload (SB_CANVAS (widget));
}

static void
sb_canvas_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = MIN_SIDE;
  *natural = SB_SKETCH_SIZE;
}

static void
sb_canvas_dispose (GObject *object)
{
  SbCanvas *self = SB_CANVAS (object);

  /* The handlers were connected with g_signal_connect_object: they go with us. */
  g_clear_object (&self->sketch);
  g_clear_object (&self->tracing);
  g_cancellable_cancel (self->staged_loading);
  g_clear_object (&self->staged_loading);
  g_clear_handle_id (&self->staged_reload, g_source_remove);
  if (self->stage != NULL)
    g_signal_handlers_disconnect_by_data (self->stage, self);
  g_clear_object (&self->stage);
  g_clear_object (&self->staged);
  g_clear_object (&self->staged_shown);
  g_clear_object (&self->mask);
  clear_page_pixels (self);

  G_OBJECT_CLASS (sb_canvas_parent_class)->dispose (object);
}

static void
sb_canvas_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbCanvas *self = SB_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SKETCH:
      g_value_set_object (value, self->sketch);
      break;

    case PROP_TRACING:
      g_value_set_object (value, self->tracing);
      break;

    case PROP_ZOOM:
      g_value_set_double (value, self->view.zoom);
      break;

    case PROP_STAGED:
      g_value_set_object (value, self->staged);
      break;

    case PROP_MASK:
      g_value_set_object (value, self->mask);
      break;

    case PROP_PICKING:
      g_value_set_boolean (value, self->picking);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_canvas_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbCanvas *self = SB_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SKETCH:
      sb_canvas_set_sketch (self, g_value_get_object (value));
      break;

    case PROP_TRACING:
      sb_canvas_set_tracing (self, g_value_get_object (value));
      break;

    case PROP_PICKING:
      sb_canvas_set_picking (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_canvas_class_init (SbCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_canvas_dispose;
  object_class->get_property = sb_canvas_get_property;
  object_class->set_property = sb_canvas_set_property;

  widget_class->snapshot = sb_canvas_snapshot;
  widget_class->measure = sb_canvas_measure;
  widget_class->size_allocate = sb_canvas_size_allocate;

  properties[PROP_SKETCH] =
    g_param_spec_object ("sketch", NULL, NULL,
                         SB_TYPE_SKETCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SbCanvas:tracing:
   *
   * A picture to draw over, shown faintly; it is not part of the sketch.
   */
  properties[PROP_TRACING] =
    g_param_spec_object ("tracing", NULL, NULL,
                         GDK_TYPE_TEXTURE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SbCanvas:zoom:
   *
   * How much larger than "fit" the page is shown: 1 to 8.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL,
                         1.0, SB_CANVAS_VIEW_MAX_ZOOM, 1.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SbCanvas:picking:
   *
   * Whether the next click takes the colour under it (the eyedropper)
   * instead of drawing.
   */
  properties[PROP_PICKING] =
    g_param_spec_boolean ("picking", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * SbCanvas:staged:
   *
   * The stage's picture on show over the page, once it is loaded.
   */
  properties[PROP_STAGED] =
    g_param_spec_object ("staged", NULL, NULL, GDK_TYPE_TEXTURE, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /* The region being painted on the staged picture (sb_canvas_set_mask). */
  properties[PROP_MASK] =
    g_param_spec_object ("mask", NULL, NULL, SB_TYPE_MASK_LAYER, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "canvas.pan", "(ii)", pan_action);
  {
    static const struct { guint key; int dx, dy; } arrows[] = {
      { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 }, { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (arrows); i++)
      {
        gtk_widget_class_add_binding_action (widget_class, arrows[i].key, 0, "canvas.pan", "(ii)",
                                             arrows[i].dx, arrows[i].dy);
        gtk_widget_class_add_binding_action (widget_class, arrows[i].key, GDK_SHIFT_MASK, "canvas.pan", "(ii)",
                                             4 * arrows[i].dx, 4 * arrows[i].dy);
      }
  }

  gtk_widget_class_set_css_name (widget_class, "sketchcanvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sb_canvas_init (SbCanvas *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *stylus = gtk_gesture_stylus_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *pan = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->view = SB_CANVAS_VIEW_FIT;
  self->mask_radius = 24;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "canvas.pan", FALSE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (stylus, "down", G_CALLBACK (on_stylus_down), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (on_stylus_motion), self);
  g_signal_connect (stylus, "up", G_CALLBACK (on_stylus_up), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (stylus));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_MIDDLE);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (on_pan_begin), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (on_pan_update), self);
  g_signal_connect (pan, "drag-end", G_CALLBACK (on_pan_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  update_cursor (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sketch canvas"),
                                  -1);
}

GtkWidget *
sb_canvas_new (void)
{
  return g_object_new (SB_TYPE_CANVAS, NULL);
}

SbSketch *
sb_canvas_get_sketch (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), NULL);

  return self->sketch;
}

void
sb_canvas_set_sketch (SbCanvas *self,
                      SbSketch *sketch)
{
  g_return_if_fail (SB_IS_CANVAS (self));
  g_return_if_fail (sketch == NULL || SB_IS_SKETCH (sketch));

  if (self->sketch == sketch)
    return;

  if (self->sketch != NULL)
    g_signal_handlers_disconnect_by_data (self->sketch, self);

  g_set_object (&self->sketch, sketch);
  self->drawing = FALSE;
  clear_page_pixels (self);

  if (self->sketch != NULL)
    {
      g_signal_connect_object (self->sketch, "changed", G_CALLBACK (on_sketch_pixels_changed), self, 0);
      g_signal_connect_object (self->sketch, "notify::width", G_CALLBACK (on_sketch_changed), self, G_CONNECT_SWAPPED);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKETCH]);
}

GdkTexture *
sb_canvas_get_tracing (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), NULL);

  return self->tracing;
}

void
sb_canvas_set_tracing (SbCanvas   *self,
                       GdkTexture *tracing)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  if (g_set_object (&self->tracing, tracing))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACING]);
    }
}

double
sb_canvas_get_zoom (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), 1.0);

  return self->view.zoom;
}

/* Ctrl+plus and Ctrl+minus: @steps √2 steps from the nearest one, about
 * the middle of the view. */
static void
zoom_steps (SbCanvas *self,
            int       steps)
{
  zoom_at (self, pow (ZOOM_STEP, round (log (self->view.zoom) / log (ZOOM_STEP)) + steps),
           gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
sb_canvas_zoom_in (SbCanvas *self)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  zoom_steps (self, 1);
}

void
sb_canvas_zoom_out (SbCanvas *self)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  zoom_steps (self, -1);
}

/* Ctrl+0: the whole page, centred. */
void
sb_canvas_zoom_fit (SbCanvas *self)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  set_view (self, 1.0, 0, 0);
}

gboolean
sb_canvas_get_picking (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), FALSE);

  return self->picking;
}

void
sb_canvas_set_picking (SbCanvas *self,
                       gboolean  picking)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  picking = !!picking;
  if (self->picking == picking)
    return;

  self->picking = picking;
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKING]);
}

/* Where a point of the widget falls on the sketch, in sketch pixels (it
 * may be off the page). */
void
sb_canvas_widget_to_sketch (SbCanvas *self,
                            double    x,
                            double    y,
                            double   *sketch_x,
                            double   *sketch_y)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  widget_to_sketch (self, x, y, sketch_x, sketch_y);
}

static void
on_staged_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SbCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *shown = NULL;
  g_autoptr(GdkTexture) texture = sb_texture_load_for_display_finish (result, &shown, &error);

  if (texture == NULL)
    {
      /* Deleted meanwhile, or not a picture: the drawing alone again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("The picture to show over the drawing could not be read: %s", error->message);
          sb_stage_clear (self->stage);
        }
      return;
    }
  g_set_object (&self->staged, texture);
  g_clear_object (&self->staged_shown);
  self->staged_shown = shown;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGED]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A picture of the stage: decoded off the main loop; the one before stays
 * until it is ready, so ← and → never flash the drawing between. */
static void
on_stage_file (SbCanvas *self)
{
  GFile *file = sb_stage_get_file (self->stage);

  g_cancellable_cancel (self->staged_loading);
  g_clear_object (&self->staged_loading);
  update_cursor (self);
  if (file == NULL)
    {
      g_clear_object (&self->staged_shown);
      if (g_set_object (&self->staged, NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGED]);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  /* At the page's size on screen: the frame that shows it copies pixels
   * rather than scaling a 768 px picture (tens of ms in software). */
  self->staged_loading = g_cancellable_new ();
  sb_texture_load_for_display_async (file, (int) ceil (get_page (self).size.width * gtk_widget_get_scale_factor (GTK_WIDGET (self))),
                                 self->staged_loading, on_staged_loaded, g_object_ref (self));
}

static gboolean
reload_staged (gpointer user_data)
{
  SbCanvas *self = user_data;

  self->staged_reload = 0;
  on_stage_file (self);
  return G_SOURCE_REMOVE;
}

/* Zoomed, or the window resized: the picture on show is decoded again at
 * the page's new size (never above its own), once the change settles; the
 * old pixels stay on screen meanwhile. */
static void
schedule_staged_reload (SbCanvas *self)
{
  double wanted, have;

  if (self->staged_shown == NULL || self->staged == NULL)
    return;
  wanted = MIN (get_page (self).size.width * gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                gdk_texture_get_width (self->staged));
  have = gdk_texture_get_width (self->staged_shown);
  if (fabs (wanted - have) < 1.5)
    return;
  g_clear_handle_id (&self->staged_reload, g_source_remove);
  self->staged_reload = g_timeout_add (150, reload_staged, self);
}

void
sb_canvas_set_stage (SbCanvas *self,
                     SbStage  *stage)
{
  g_return_if_fail (SB_IS_CANVAS (self));
  g_return_if_fail (self->stage == NULL);

  self->stage = g_object_ref (stage);
  g_signal_connect_swapped (stage, "notify::file", G_CALLBACK (on_stage_file), self);
  g_signal_connect_swapped (stage, "notify::opacity", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (stage, "notify::wipe", G_CALLBACK (gtk_widget_queue_draw), self);
  on_stage_file (self);
}

/**
 * sb_canvas_set_mask:
 * @mask: (nullable): a region of the staged picture, at its size, to paint
 *   with the pointer; or NULL to move the divider again
 */
void
sb_canvas_set_mask (SbCanvas    *self,
                    SbMaskLayer *mask)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  if (self->mask != NULL)
    g_signal_handlers_disconnect_by_data (self->mask, self);
  self->masking = FALSE;
  g_set_object (&self->mask, mask);
  if (mask != NULL)
    g_signal_connect_swapped (mask, "changed", G_CALLBACK (gtk_widget_queue_draw), self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MASK]);
}

/**
 * sb_canvas_set_frame:
 * @scales: (nullable) (array fixed-size=4): how far each side of the staged
 *   picture's frame would grow (sb-params.h's order); NULL: no frame drawn
 */
void
sb_canvas_set_frame (SbCanvas     *self,
                     const double *scales)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  self->framing = scales != NULL;
  for (guint i = 0; scales != NULL && i < SB_N_SIDES; i++)
    self->frame[i] = CLAMP (scales[i], SB_EXTEND_SCALE_MIN, SB_EXTEND_SCALE_MAX);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Returns: (transfer none) (nullable): the region being painted */
SbMaskLayer *
sb_canvas_get_mask (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), NULL);

  return self->mask;
}

/* The region's brush: its radius in the drawing's units (as the pen's),
 * and whether it takes away. */
void
sb_canvas_set_mask_brush (SbCanvas *self,
                          double    radius,
                          gboolean  erasing)
{
  g_return_if_fail (SB_IS_CANVAS (self));

  self->mask_radius = CLAMP (radius, 1, SB_SKETCH_SIZE / 2);
  self->mask_erasing = erasing;
}

/* Returns: (transfer none) (nullable): the picture on show over the page */
GdkTexture *
sb_canvas_get_staged (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), NULL);

  return self->staged;
}

/* Returns: (transfer none) (nullable): the stage whose picture is shown */
SbStage *
sb_canvas_get_stage (SbCanvas *self)
{
  g_return_val_if_fail (SB_IS_CANVAS (self), NULL);

  return self->stage;
}
