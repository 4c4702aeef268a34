/* sb-stage.h: a generation's pictures shown over the drawing, until the
 * artist takes one or puts them away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-sketch.h"

G_BEGIN_DECLS

#define SB_TYPE_STAGE (sb_stage_get_type ())

G_DECLARE_FINAL_TYPE (SbStage, sb_stage, SB, STAGE, GObject)

SbStage  *sb_stage_new             (SbSketch   *sketch);
void      sb_stage_note_generate   (SbStage    *self);
gboolean  sb_stage_offer           (SbStage    *self,
                                    GPtrArray  *files);
void      sb_stage_show            (SbStage    *self,
                                    GPtrArray  *files,
                                    guint       position);
void      sb_stage_clear           (SbStage    *self);
gboolean  sb_stage_get_active      (SbStage    *self);
GFile    *sb_stage_get_file        (SbStage    *self);
guint     sb_stage_get_position    (SbStage    *self);
guint     sb_stage_get_n_pictures  (SbStage    *self);
gboolean  sb_stage_move            (SbStage    *self,
                                    int         delta);
double    sb_stage_get_opacity     (SbStage    *self);
void      sb_stage_set_opacity     (SbStage    *self,
                                    double      opacity);
double    sb_stage_get_wipe        (SbStage    *self);
void      sb_stage_set_wipe        (SbStage    *self,
                                    double      wipe);
void      sb_stage_accept_as_sketch_async  (SbStage             *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  sb_stage_accept_as_sketch_finish (SbStage             *self,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
