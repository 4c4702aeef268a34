/* sb-sweep-window.c: one sketch across weights or styles, as a grid
 *
 * A cell per variant, labelled with what changed ("Weight 4", "Anime"),
 * showing the job's state until its picture arrives. The jobs belong to
 * the queue and the history: closing the window stops nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-sweep-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-job-row.h"
#include "sb-sweep-window.h"
#include "sb-texture.h"

#define CELL 220
#define COLUMNS 4

struct _SbSweepWindow
{
  AdwWindow     parent_instance;

  GtkGrid      *grid;
  GPtrArray    *cells;         /* of Cell, in the grid's order */
  GCancellable *cancellable;
  guint         n_cells;
  guint         n_done;
};

G_DEFINE_FINAL_TYPE (SbSweepWindow, sb_sweep_window, ADW_TYPE_WINDOW)

/* One variant: its job, and the widgets that show it. */
typedef struct {
  SbSweepWindow *self;   /* unowned: the cell lives in the window */
  SbJob         *job;
  gulong         handler;
  GtkPicture    *picture;
  GtkLabel      *state;
} Cell;

static void
cell_free (Cell *cell)
{
  g_clear_signal_handler (&cell->handler, cell->job);
  g_clear_object (&cell->job);
  g_free (cell);
}

static void
on_picture (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GtkPicture *picture = user_data;
  g_autoptr(GdkTexture) texture = sb_texture_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  g_object_unref (picture);
}

/* Connected with the cell's box as the object: gone with the window. */
static void
on_job_state (SbJob      *job,
              GParamSpec *pspec,
              Cell       *cell)
{
  SbJobState state = sb_job_get_state (job);
  const GError *error = sb_job_get_error (job);

  if (state == SB_JOB_FAILED && error != NULL)
    gtk_label_set_label (cell->state, error->message);
  else
    gtk_label_set_label (cell->state, sb_job_state_get_label (state));

  if (state == SB_JOB_DONE && sb_job_get_files (job)->len > 0)
    {
      cell->self->n_done++;
      gtk_widget_set_visible (GTK_WIDGET (cell->state), FALSE);
      sb_texture_load_async (g_ptr_array_index (sb_job_get_files (job), 0), cell->self->cancellable,
                             on_picture, g_object_ref (cell->picture));
    }
}

static void
sb_sweep_window_dispose (GObject *object)
{
  SbSweepWindow *self = SB_SWEEP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->cells, g_ptr_array_unref);

  G_OBJECT_CLASS (sb_sweep_window_parent_class)->dispose (object);
}

static void
sb_sweep_window_class_init (SbSweepWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_sweep_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sb_sweep_window_init (SbSweepWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->cancellable = g_cancellable_new ();
  self->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 12);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->grid), 12);
  gtk_widget_set_halign (GTK_WIDGET (self->grid), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sweep results"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->grid));

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), COLUMNS * (CELL + 12) + 24, 620);
}

SbSweepWindow *
sb_sweep_window_new (GtkWindow  *parent,
                     const char *title)
{
  return g_object_new (SB_TYPE_SWEEP_WINDOW,
                       "transient-for", parent,
                       "title", title,
                       NULL);
}

/* A cell for one variant: its label, then its state or its picture. */
void
sb_sweep_window_add (SbSweepWindow *self,
                     const char    *label,
                     SbJob         *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (label);
  GtkWidget *frame = gtk_frame_new (NULL);
  Cell *cell = g_new0 (Cell, 1);

  cell->self = self;
  cell->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_widget_set_size_request (GTK_WIDGET (cell->picture), CELL, CELL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell->picture), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  cell->state = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (cell->state, TRUE);
  gtk_label_set_max_width_chars (cell->state, 24);
  gtk_widget_add_css_class (GTK_WIDGET (cell->state), "dim-label");

  gtk_widget_add_css_class (caption, "heading");
  gtk_box_append (GTK_BOX (box), caption);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (cell->picture));
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (cell->state));
  gtk_grid_attach (self->grid, box, self->n_cells % COLUMNS, self->n_cells / COLUMNS, 1, 1);
  self->n_cells++;

  cell->job = g_object_ref (job);
  cell->handler = g_signal_connect (job, "notify::state", G_CALLBACK (on_job_state), cell);
  g_ptr_array_add (self->cells, cell);
  on_job_state (job, NULL, cell);
}

/* How many variants have their picture (for the tests). */
guint
sb_sweep_window_count_done (SbSweepWindow *self)
{
  g_return_val_if_fail (SB_IS_SWEEP_WINDOW (self), 0);

  return self->n_done;
}
