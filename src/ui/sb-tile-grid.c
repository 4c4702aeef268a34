/* sb-tile-grid.c: square tiles in as many columns as fit
 *
 * A generation's pictures in the gallery: two columns in a narrow pane, up
 * to four as it widens, each tile growing to share the width and at least
 * as tall as it is wide (a picture is square; a sweep's cell adds its
 * caption below). Height-for-width, so the gallery's list gives each row
 * the height its width needs. Tab and screen readers go through the tiles
 * in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-tile-grid"

#include "config.h"

#include "sb-tile-grid.h"

#define SPACING 8
#define MIN_COLUMNS 2
#define MAX_COLUMNS 4

struct _SbTileGrid
{
  GtkWidget  parent_instance;

  int        min_tile;
  guint      columns;    /* as last laid out */
};

G_DEFINE_FINAL_TYPE (SbTileGrid, sb_tile_grid, GTK_TYPE_WIDGET)

/* How many columns @width holds, and how wide each tile is then. */
static guint
fit_columns (SbTileGrid *self,
             int         width,
             int        *tile)
{
  guint columns = CLAMP ((width + SPACING) / (self->min_tile + SPACING), MIN_COLUMNS, MAX_COLUMNS);

  *tile = MAX ((width - SPACING * ((int) columns - 1)) / (int) columns, 1);
  return columns;
}

/* The height of the row starting at @first: the tallest tile, and no less
 * than square. Returns the row's first tile's successor in *next. */
static int
row_height (GtkWidget  *first,
            guint       columns,
            int         tile,
            GtkWidget **next)
{
  int height = tile;
  GtkWidget *child = first;

  for (guint i = 0; i < columns && child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int natural;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, tile, NULL, &natural, NULL, NULL);
      height = MAX (height, natural);
      i++;
    }
  *next = child;
  return height;
}

static void
sb_tile_grid_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SbTileGrid *self = SB_TILE_GRID (widget);
  int narrowest = MIN_COLUMNS * self->min_tile + (MIN_COLUMNS - 1) * SPACING;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* What the pane gives, beyond the narrowest, is shared out. */
      *minimum = *natural = narrowest;
      return;
    }

  *minimum = *natural = 0;
  {
    int tile;
    guint columns = fit_columns (self, MAX (for_size, narrowest), &tile);
    GtkWidget *child = gtk_widget_get_first_child (widget);
    int height = 0;

    while (child != NULL)
      {
        if (!gtk_widget_should_layout (child))
          {
            child = gtk_widget_get_next_sibling (child);
            continue;
          }
        height += (height > 0 ? SPACING : 0) + row_height (child, columns, tile, &child);
      }
    *minimum = *natural = height;
  }
}

static void
sb_tile_grid_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  SbTileGrid *self = SB_TILE_GRID (widget);
  int tile;
  int y = 0;
  GtkWidget *child = gtk_widget_get_first_child (widget);

  self->columns = fit_columns (self, width, &tile);
  while (child != NULL)
    {
      GtkWidget *next;
      int row = row_height (child, self->columns, tile, &next);
      guint column = 0;

      for (; child != next; child = gtk_widget_get_next_sibling (child))
        {
          if (!gtk_widget_should_layout (child))
            continue;
          gtk_widget_size_allocate (child,
                                    &(GtkAllocation) { column * (tile + SPACING), y, tile, row },
                                    -1);
          column++;
        }
      y += row + SPACING;
    }
}

static GtkSizeRequestMode
sb_tile_grid_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sb_tile_grid_dispose (GObject *object)
{
  sb_tile_grid_remove_all (SB_TILE_GRID (object));

  G_OBJECT_CLASS (sb_tile_grid_parent_class)->dispose (object);
}

static void
sb_tile_grid_class_init (SbTileGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_tile_grid_dispose;

  widget_class->measure = sb_tile_grid_measure;
  widget_class->size_allocate = sb_tile_grid_size_allocate;
  widget_class->get_request_mode = sb_tile_grid_get_request_mode;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sb_tile_grid_init (SbTileGrid *self)
{
  self->min_tile = 136;
  self->columns = MIN_COLUMNS;
}

/* @min_tile: the narrowest a tile may be, in pixels */
GtkWidget *
sb_tile_grid_new (int min_tile)
{
  SbTileGrid *self = g_object_new (SB_TYPE_TILE_GRID, NULL);

  self->min_tile = MAX (min_tile, 1);
  return GTK_WIDGET (self);
}

void
sb_tile_grid_append (SbTileGrid *self,
                     GtkWidget  *tile)
{
  g_return_if_fail (SB_IS_TILE_GRID (self));
  g_return_if_fail (GTK_IS_WIDGET (tile));

  gtk_widget_set_parent (tile, GTK_WIDGET (self));
}

void
sb_tile_grid_remove_all (SbTileGrid *self)
{
  GtkWidget *child;

  g_return_if_fail (SB_IS_TILE_GRID (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
}

/* How many columns the tiles were last laid out in (for tests). */
guint
sb_tile_grid_get_columns (SbTileGrid *self)
{
  g_return_val_if_fail (SB_IS_TILE_GRID (self), MIN_COLUMNS);

  return self->columns;
}
