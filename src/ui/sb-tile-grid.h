/* sb-tile-grid.h: square tiles in as many columns as fit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SB_TYPE_TILE_GRID (sb_tile_grid_get_type ())

G_DECLARE_FINAL_TYPE (SbTileGrid, sb_tile_grid, SB, TILE_GRID, GtkWidget)

GtkWidget *sb_tile_grid_new        (int         min_tile);
void       sb_tile_grid_append     (SbTileGrid *self,
                                    GtkWidget  *tile);
void       sb_tile_grid_remove_all (SbTileGrid *self);
guint      sb_tile_grid_get_columns (SbTileGrid *self);

G_END_DECLS
