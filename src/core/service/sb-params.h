/* sb-params.h: what one generation asks of the service
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-engine.h"
#include "sb-style.h"

G_BEGIN_DECLS

#define SB_SIZE_768 "768*768"

typedef struct {
  int red;
  int green;
  int blue;
} SbColor;

/* The sides of a picture's frame, in the vendor's order of its scales. */
typedef enum {
  SB_SIDE_TOP,
  SB_SIDE_BOTTOM,
  SB_SIDE_LEFT,
  SB_SIDE_RIGHT,
  SB_N_SIDES
} SbSide;

#define SB_TYPE_PARAMS (sb_params_get_type ())

G_DECLARE_FINAL_TYPE (SbParams, sb_params, SB, PARAMS, GObject)

SbParams      *sb_params_new                  (void);
SbParams      *sb_params_copy                 (SbParams      *self);
const char    *sb_params_get_prompt           (SbParams      *self);
void           sb_params_set_prompt           (SbParams      *self,
                                               const char    *prompt);
SbStyle        sb_params_get_style            (SbParams      *self);
void           sb_params_set_style            (SbParams      *self,
                                               SbStyle        style);
int            sb_params_get_count            (SbParams      *self);
void           sb_params_set_count            (SbParams      *self,
                                               int            count);
int            sb_params_get_sketch_weight    (SbParams      *self);
char          *sb_params_describe             (SbParams      *self);
char          *sb_params_describe_edit        (SbParams      *self);
void           sb_params_set_sketch_weight    (SbParams      *self,
                                               int            weight);
gboolean       sb_params_get_sketch_extraction (SbParams     *self);
void           sb_params_set_sketch_extraction (SbParams     *self,
                                               gboolean       extraction);
const char    *sb_params_get_size             (SbParams      *self);
void           sb_params_set_size             (SbParams      *self,
                                               const char    *size);
const SbColor *sb_params_get_colors           (SbParams      *self,
                                               guint         *n_colors);
void           sb_params_add_color            (SbParams      *self,
                                               int            red,
                                               int            green,
                                               int            blue);
void           sb_params_clear_colors         (SbParams      *self);
const SbEngine *sb_params_get_engine         (SbParams      *self);
void           sb_params_set_engine           (SbParams      *self,
                                               const SbEngine *engine);
gint64         sb_params_get_seed             (SbParams      *self);
void           sb_params_set_seed             (SbParams      *self,
                                               gint64         seed);
int            sb_params_get_factor           (SbParams      *self);
void           sb_params_set_factor           (SbParams      *self,
                                               int            factor);
double         sb_params_get_scale            (SbParams      *self,
                                               SbSide         side);
void           sb_params_set_scale            (SbParams      *self,
                                               SbSide         side,
                                               double         scale);
double         sb_params_get_growth           (SbParams      *self);
void           sb_params_get_result_size      (SbParams      *self,
                                               int            width,
                                               int            height,
                                               int           *result_width,
                                               int           *result_height);
double         sb_params_get_strength         (SbParams      *self);
void           sb_params_set_strength         (SbParams      *self,
                                               double         strength);
GBytes        *sb_params_get_mask             (SbParams      *self);
void           sb_params_set_mask             (SbParams      *self,
                                               GBytes        *mask_png);
char          *sb_params_get_sent_prompt      (SbParams      *self);
JsonNode      *sb_params_build_request        (SbParams      *self,
                                               const char    *image_url);
gboolean       sb_params_validate             (SbParams      *self,
                                               GError       **error);
JsonNode      *sb_params_to_json              (SbParams      *self);
SbParams      *sb_params_new_from_json        (JsonNode      *node,
                                               GError       **error);
gboolean       sb_color_parse                 (const char    *text,
                                               SbColor       *color);

G_END_DECLS
