/* sb-engine.h: the DashScope models Sketchbloom speaks to, one row each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sb-region.h"

G_BEGIN_DECLS

/* Declared here too, so an engine's row and the params need not include
 * each other's headers in a circle. */
typedef struct _SbParams SbParams;
typedef struct _SbEngine SbEngine;

typedef enum {
  SB_ENGINE_DRAWS,      /* a sketch and a prompt become pictures */
  SB_ENGINE_ENLARGES,   /* a picture becomes a larger one */
  SB_ENGINE_EDITS,      /* a picture and a prompt become that picture changed */
} SbEngineKind;

/* How the picture reaches the service. */
typedef enum {
  SB_IMAGE_BY_URL,      /* put online first (an upload method); the service fetches it */
  SB_IMAGE_INLINE,      /* in the request itself, as a data: URI */
} SbImageTravel;

/* The parameters an engine takes; what it does not take is never sent. */
typedef enum {
  SB_ENGINE_TAKES_STYLE      = 1 << 0,   /* a style by name; else said in the prompt */
  SB_ENGINE_TAKES_WEIGHT     = 1 << 1,   /* how strictly the sketch is followed */
  SB_ENGINE_TAKES_COLORS     = 1 << 2,   /* sketch colours as hints */
  SB_ENGINE_TAKES_EXTRACTION = 1 << 3,   /* edges found in a picture */
  SB_ENGINE_TAKES_SIZE       = 1 << 4,   /* an output size */
  SB_ENGINE_TAKES_SEED       = 1 << 5,   /* a seed, so a result can be made again */
  SB_ENGINE_TAKES_FACTOR     = 1 << 6,   /* how many times larger */
  SB_ENGINE_TAKES_MASK       = 1 << 7,   /* the region to repaint, a second picture */
  SB_ENGINE_TAKES_SCALES     = 1 << 8,   /* how far each side of the frame grows */
  SB_ENGINE_TAKES_STRENGTH   = 1 << 9,   /* how much a change in words changes */
} SbEngineTakes;

struct _SbEngine {
  const char    *id;                 /* in entry.json, settings and --model: never changes */
  const char    *model;              /* DashScope's name; engines of one model share its limits */
  const char    *function;           /* the model's input.function, or NULL */
  const char    *label;              /* N_() */
  const char    *best_at;            /* N_(): what it is good for, in words */
  SbEngineKind   kind;
  double         price_cny;          /* per image made (only successful ones are billed) */
  guint          free_images;        /* the model's free quota, in its first 180 days */
  guint          regions;            /* SB_REGION_BIT()s of the regions that serve it */
  int            prompt_max_chars;   /* of the prompt as sent, style words included */
  int            max_count;          /* images per task */
  int            min_side;           /* of the picture sent */
  int            max_side;
  gsize          max_image_bytes;
  int            max_factor;         /* SB_ENGINE_TAKES_FACTOR: at most this many times larger */
  guint          tasks_at_once;      /* per account, of this model */
  guint          creates_per_second; /* per account, of this model */
  SbImageTravel  travel;
  SbEngineTakes  takes;
  const char    *fixed_prompt;       /* sent when the user writes none (enlarging), or NULL */
  /* The create request's body. @image_url is an address or a data: URI;
   * the mask, for an engine that takes one, goes inline from @params. */
  JsonNode    *(*build_request)      (const SbEngine *self,
                                      SbParams       *params,
                                      const char     *image_url);
};

#define SB_ENGINE_DEFAULT_ID "sketch-lite"

/* The rows, each in a file of its own (sb-engine-*.c). */
extern const SbEngine sb_engine_sketch_lite;
extern const SbEngine sb_engine_doodle;
extern const SbEngine sb_engine_enlarge;
extern const SbEngine sb_engine_repaint;
extern const SbEngine sb_engine_extend;
extern const SbEngine sb_engine_colorize;
extern const SbEngine sb_engine_change;

const SbEngine  *sb_engine_lookup          (const char     *id);
const SbEngine  *sb_engine_get_default     (void);
const SbEngine  *sb_engine_get_drawing     (guint           index);
const SbEngine * const *sb_engine_get_all  (guint          *n_engines);
gboolean         sb_engine_takes           (const SbEngine *self,
                                            SbEngineTakes   what);
gboolean         sb_engine_serves          (const SbEngine *self,
                                            SbRegion        region);
const char      *sb_engine_get_label       (const SbEngine *self);
const char      *sb_engine_get_best_at     (const SbEngine *self);
char            *sb_engine_describe_price  (const SbEngine *self);
char            *sb_engine_describe_regions (const SbEngine *self);
char            *sb_engine_list_ids        (SbEngineKind    kind);
gboolean         sb_engine_region_serves_any (SbRegion      region);
char            *sb_engine_make_inline     (const SbEngine *self,
                                            GBytes         *png,
                                            double          growth,
                                            GError        **error);

/* Only for tests: one more row, to show that an engine is one row. */
void             sb_engine_add_test_row    (const SbEngine *row);

G_END_DECLS
