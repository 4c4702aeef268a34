/* sb-params.c: what one generation asks of the service
 *
 * Holds the parameters exactly as the user chose them, so validation can name
 * what is wrong instead of silently clamping it. Which of them are sent, and
 * the limits they are checked against, are the engine's (sb-engine.h); its
 * row builds the create-task body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-params"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sb-enums.h"
#include "sb-error.h"
#include "sb-limits.h"
#include "sb-json.h"
#include "sb-params.h"

struct _SbParams
{
  GObject   parent_instance;

  char     *prompt;
  char     *size;
  GArray   *colors;  /* of SbColor */
  SbStyle   style;
  int       count;
  int       sketch_weight;
  gboolean  sketch_extraction;
  const SbEngine *engine;
  gint64    seed;     /* -1: none chosen */
  int       factor;   /* how many times larger, when enlarging */
  double    scales[SB_N_SIDES];  /* how far each side grows, when extending */
  double    strength;  /* how much a change in words changes */
  GBytes   *mask;     /* a repaint's region: white is repainted (PNG); not in the JSON */
};

G_DEFINE_FINAL_TYPE (SbParams, sb_params, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROMPT,
  PROP_STYLE,
  PROP_COUNT,
  PROP_SKETCH_WEIGHT,
  PROP_SKETCH_EXTRACTION,
  PROP_SIZE,
  PROP_ENGINE_ID,
  PROP_SEED,
  PROP_FACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76, newer than the floor. */
static gboolean
replace_string (char       **pointer,
                const char  *value)
{
  if (g_strcmp0 (*pointer, value) == 0)
    return FALSE;

  g_free (*pointer);
  *pointer = g_strdup (value);
  return TRUE;
}

static void
sb_params_finalize (GObject *object)
{
  SbParams *self = SB_PARAMS (object);

  g_clear_pointer (&self->mask, g_bytes_unref);
  g_clear_pointer (&self->prompt, g_free);
  g_clear_pointer (&self->size, g_free);
  g_clear_pointer (&self->colors, g_array_unref);

  G_OBJECT_CLASS (sb_params_parent_class)->finalize (object);
}

static void
sb_params_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbParams *self = SB_PARAMS (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;

    case PROP_STYLE:
      g_value_set_enum (value, self->style);
      break;

    case PROP_COUNT:
      g_value_set_int (value, self->count);
      break;

    case PROP_SKETCH_WEIGHT:
      g_value_set_int (value, self->sketch_weight);
      break;

    case PROP_SKETCH_EXTRACTION:
      g_value_set_boolean (value, self->sketch_extraction);
      break;

    case PROP_SIZE:
      g_value_set_string (value, self->size);
      break;

    case PROP_ENGINE_ID:
      g_value_set_string (value, self->engine->id);
      break;

    case PROP_SEED:
      g_value_set_int64 (value, self->seed);
      break;

    case PROP_FACTOR:
      g_value_set_int (value, self->factor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_params_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SbParams *self = SB_PARAMS (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      sb_params_set_prompt (self, g_value_get_string (value));
      break;

    case PROP_STYLE:
      sb_params_set_style (self, g_value_get_enum (value));
      break;

    case PROP_COUNT:
      sb_params_set_count (self, g_value_get_int (value));
      break;

    case PROP_SKETCH_WEIGHT:
      sb_params_set_sketch_weight (self, g_value_get_int (value));
      break;

    case PROP_SKETCH_EXTRACTION:
      sb_params_set_sketch_extraction (self, g_value_get_boolean (value));
      break;

    case PROP_SIZE:
      sb_params_set_size (self, g_value_get_string (value));
      break;

    case PROP_ENGINE_ID:
      {
        const SbEngine *engine = sb_engine_lookup (g_value_get_string (value));

        /* An id no row has keeps the engine: the caller checks ids. */
        if (engine != NULL)
          sb_params_set_engine (self, engine);
      }
      break;

    case PROP_SEED:
      sb_params_set_seed (self, g_value_get_int64 (value));
      break;

    case PROP_FACTOR:
      sb_params_set_factor (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_params_class_init (SbParamsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sb_params_finalize;
  object_class->get_property = sb_params_get_property;
  object_class->set_property = sb_params_set_property;

  /* Ranges are wide on purpose: sb_params_validate() names a bad value,
   * where a GParamSpec range would only warn and clamp. */
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, "", flags);
  properties[PROP_STYLE] =
    g_param_spec_enum ("style", NULL, NULL, SB_TYPE_STYLE, SB_STYLE_AUTO, flags);
  properties[PROP_COUNT] =
    g_param_spec_int ("count", NULL, NULL, G_MININT, G_MAXINT, SB_IMAGE_COUNT_DEFAULT, flags);
  properties[PROP_SKETCH_WEIGHT] =
    g_param_spec_int ("sketch-weight", NULL, NULL, G_MININT, G_MAXINT, SB_SKETCH_WEIGHT_DEFAULT, flags);
  properties[PROP_SKETCH_EXTRACTION] =
    g_param_spec_boolean ("sketch-extraction", NULL, NULL, FALSE, flags);
  properties[PROP_SIZE] =
    g_param_spec_string ("size", NULL, NULL, SB_SIZE_768, flags);
  properties[PROP_ENGINE_ID] =
    g_param_spec_string ("engine-id", NULL, NULL, SB_ENGINE_DEFAULT_ID, flags);
  properties[PROP_SEED] =
    g_param_spec_int64 ("seed", NULL, NULL, G_MININT64, G_MAXINT64, -1, flags);
  properties[PROP_FACTOR] =
    g_param_spec_int ("factor", NULL, NULL, G_MININT, G_MAXINT, SB_ENLARGE_FACTOR_DEFAULT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_params_init (SbParams *self)
{
  self->prompt = g_strdup ("");
  self->size = g_strdup (SB_SIZE_768);
  self->colors = g_array_new (FALSE, FALSE, sizeof (SbColor));
  self->style = SB_STYLE_AUTO;
  self->count = SB_IMAGE_COUNT_DEFAULT;
  self->sketch_weight = SB_SKETCH_WEIGHT_DEFAULT;
  self->engine = sb_engine_get_default ();
  self->seed = -1;
  self->factor = SB_ENLARGE_FACTOR_DEFAULT;
  for (guint i = 0; i < SB_N_SIDES; i++)
    self->scales[i] = SB_EXTEND_SCALE_MIN;
  self->strength = SB_STRENGTH_DEFAULT;
}

SbParams *
sb_params_new (void)
{
  return g_object_new (SB_TYPE_PARAMS, NULL);
}

SbParams *
sb_params_copy (SbParams *self)
{
  SbParams *copy;

  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  copy = g_object_new (SB_TYPE_PARAMS,
                       "prompt", self->prompt,
                       "style", self->style,
                       "count", self->count,
                       "sketch-weight", self->sketch_weight,
                       "sketch-extraction", self->sketch_extraction,
                       "size", self->size,
                       "seed", self->seed,
                       "factor", self->factor,
                       NULL);
  copy->engine = self->engine;
  g_array_append_vals (copy->colors, self->colors->data, self->colors->len);
  memcpy (copy->scales, self->scales, sizeof self->scales);
  copy->strength = self->strength;
  copy->mask = self->mask != NULL ? g_bytes_ref (self->mask) : NULL;

  return copy;
}

const char *
sb_params_get_prompt (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  return self->prompt;
}

void
sb_params_set_prompt (SbParams   *self,
                      const char *prompt)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (prompt == NULL)
    prompt = "";

  if (replace_string (&self->prompt, prompt))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

SbStyle
sb_params_get_style (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), SB_STYLE_AUTO);

  return self->style;
}

void
sb_params_set_style (SbParams *self,
                     SbStyle   style)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (self->style != style)
    {
      self->style = style;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
    }
}

int
sb_params_get_count (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), 0);

  return self->count;
}

void
sb_params_set_count (SbParams *self,
                     int       count)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (self->count != count)
    {
      self->count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
    }
}

int
sb_params_get_sketch_weight (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), 0);

  return self->sketch_weight;
}

void
sb_params_set_sketch_weight (SbParams *self,
                             int       weight)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (self->sketch_weight != weight)
    {
      self->sketch_weight = weight;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKETCH_WEIGHT]);
    }
}

gboolean
sb_params_get_sketch_extraction (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), FALSE);

  return self->sketch_extraction;
}

void
sb_params_set_sketch_extraction (SbParams *self,
                                 gboolean  extraction)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  extraction = !!extraction;
  if (self->sketch_extraction != extraction)
    {
      self->sketch_extraction = extraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKETCH_EXTRACTION]);
    }
}

const char *
sb_params_get_size (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  return self->size;
}

void
sb_params_set_size (SbParams   *self,
                    const char *size)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (replace_string (&self->size, size))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

const SbColor *
sb_params_get_colors (SbParams *self,
                      guint    *n_colors)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);
  g_return_val_if_fail (n_colors != NULL, NULL);

  *n_colors = self->colors->len;
  return (const SbColor *) self->colors->data;
}

/* Adds a pen colour to sketch_color; a colour already there is not repeated. */
void
sb_params_add_color (SbParams *self,
                     int       red,
                     int       green,
                     int       blue)
{
  SbColor color = { red, green, blue };

  g_return_if_fail (SB_IS_PARAMS (self));

  for (guint i = 0; i < self->colors->len; i++)
    {
      const SbColor *c = &g_array_index (self->colors, SbColor, i);

      if (c->red == red && c->green == green && c->blue == blue)
        return;
    }

  g_array_append_val (self->colors, color);
}

void
sb_params_clear_colors (SbParams *self)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  g_array_set_size (self->colors, 0);
}

const SbEngine *
sb_params_get_engine (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  return self->engine;
}

void
sb_params_set_engine (SbParams       *self,
                      const SbEngine *engine)
{
  g_return_if_fail (SB_IS_PARAMS (self));
  g_return_if_fail (engine != NULL);

  if (self->engine == engine)
    return;
  self->engine = engine;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE_ID]);
}

gint64
sb_params_get_seed (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), -1);

  return self->seed;
}

void
sb_params_set_seed (SbParams *self,
                    gint64    seed)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

int
sb_params_get_factor (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), 1);

  return self->factor;
}

void
sb_params_set_factor (SbParams *self,
                      int       factor)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (self->factor == factor)
    return;
  self->factor = factor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FACTOR]);
}

/* How many times @side's extent grows (1.0 to 2.0), when extending. */
double
sb_params_get_scale (SbParams *self,
                     SbSide    side)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), SB_EXTEND_SCALE_MIN);
  g_return_val_if_fail ((guint) side < SB_N_SIDES, SB_EXTEND_SCALE_MIN);

  return self->scales[side];
}

void
sb_params_set_scale (SbParams *self,
                     SbSide    side,
                     double    scale)
{
  g_return_if_fail (SB_IS_PARAMS (self));
  g_return_if_fail ((guint) side < SB_N_SIDES);

  self->scales[side] = scale;
}

/* The size of the pictures asked for from a picture of @width × @height:
 * as large for most engines, @factor times for enlarging, and for
 * extending each side's share added (top 1.5 and bottom 1.0 make it 1.5
 * times as high). */
void
sb_params_get_result_size (SbParams *self,
                           int       width,
                           int       height,
                           int      *result_width,
                           int      *result_height)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  *result_width = width;
  *result_height = height;
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_FACTOR))
    {
      *result_width = width * self->factor;
      *result_height = height * self->factor;
    }
  else if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_SCALES))
    {
      *result_width = (int) round (width * (self->scales[SB_SIDE_LEFT] + self->scales[SB_SIDE_RIGHT] - 1.0));
      *result_height = (int) round (height * (self->scales[SB_SIDE_TOP] + self->scales[SB_SIDE_BOTTOM] - 1.0));
    }
}

/* How many times larger the longer-growing side of the result is. */
double
sb_params_get_growth (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), 1.0);

  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_FACTOR))
    return self->factor;
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_SCALES))
    return MAX (self->scales[SB_SIDE_LEFT] + self->scales[SB_SIDE_RIGHT],
                self->scales[SB_SIDE_TOP] + self->scales[SB_SIDE_BOTTOM]) - 1.0;
  return 1.0;
}

double
sb_params_get_strength (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), SB_STRENGTH_DEFAULT);

  return self->strength;
}

void
sb_params_set_strength (SbParams *self,
                        double    strength)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  self->strength = strength;
}

/* Returns: (transfer none) (nullable): the repaint's mask, a PNG of the
 * base picture's size, pure white where it is repainted, pure black elsewhere */
GBytes *
sb_params_get_mask (SbParams *self)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  return self->mask;
}

void
sb_params_set_mask (SbParams *self,
                    GBytes   *mask_png)
{
  g_return_if_fail (SB_IS_PARAMS (self));

  if (mask_png != NULL)
    g_bytes_ref (mask_png);
  g_clear_pointer (&self->mask, g_bytes_unref);
  self->mask = mask_png;
}

/* The prompt as sent: for an engine without a style parameter, the style
 * is said in words after it, so the pre-flight line and Details show
 * exactly what the service reads. */
char *
sb_params_get_sent_prompt (SbParams *self)
{
  const char *words;

  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  /* An engine with a prompt of its own (enlarging) always sends that: the
   * prompt kept is the generation's, for its row and the search. */
  if (self->engine->fixed_prompt != NULL)
    return g_strdup (self->engine->fixed_prompt);
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_STYLE) || (guint) self->style >= SB_N_STYLES)
    return g_strdup (self->prompt);

  words = sb_style_get_words (self->style);
  if (words == NULL)
    return g_strdup (self->prompt);
  return g_strconcat (self->prompt, ", ", words, NULL);
}

static gboolean
channel_is_valid (int value)
{
  return value >= 0 && value <= 255;
}

/* Checks everything the service would check, naming the field at fault. */
gboolean
sb_params_validate (SbParams  *self,
                    GError   **error)
{
  const SbEngine *engine;
  g_autofree char *stripped = NULL;
  g_autofree char *sent = NULL;
  glong length;

  g_return_val_if_fail (SB_IS_PARAMS (self), FALSE);

  engine = self->engine;

  if (!g_utf8_validate (self->prompt, -1, NULL))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("The prompt is not valid UTF-8 text"));
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (self->prompt));
  sent = sb_params_get_sent_prompt (self);
  length = g_utf8_strlen (sent, -1);
  if (*stripped == '\0' && self->engine->fixed_prompt == NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("The prompt is empty: describe the picture in a few words"));
      return FALSE;
    }
  /* Never cut: the service would drop the end of the text unseen. */
  if (length > engine->prompt_max_chars && g_utf8_strlen (self->prompt, -1) <= engine->prompt_max_chars)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The prompt with the style’s words is %ld characters long; %s takes %d"),
                   length, sb_engine_get_label (engine), engine->prompt_max_chars);
      return FALSE;
    }
  if (length > engine->prompt_max_chars)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The prompt is %ld characters long; the limit is %d"),
                   g_utf8_strlen (self->prompt, -1), engine->prompt_max_chars);
      return FALSE;
    }

  if ((guint) self->style >= SB_N_STYLES)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("Unknown style %d"), self->style);
      return FALSE;
    }

  if (self->count < SB_IMAGE_COUNT_MIN || self->count > engine->max_count)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The image count must be %d to %d, not %d"),
                   SB_IMAGE_COUNT_MIN, engine->max_count, self->count);
      return FALSE;
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SEED) && self->seed > SB_SEED_MAX)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GINT64_FORMAT, self->seed);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The seed must be 0 to %d, not %s"), SB_SEED_MAX, seed);
      return FALSE;
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_FACTOR) && (self->factor < 2 || self->factor > engine->max_factor))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("A picture can be made %d to %d times larger, not %d"),
                   2, engine->max_factor, self->factor);
      return FALSE;
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SCALES))
    {
      gboolean grows = FALSE;

      for (guint i = 0; i < SB_N_SIDES; i++)
        {
          /* NaN fails both comparisons, so it is refused too. */
          if (!(self->scales[i] >= SB_EXTEND_SCALE_MIN && self->scales[i] <= SB_EXTEND_SCALE_MAX))
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("Each side of the frame grows %.1f to %.1f times, not %g"),
                           SB_EXTEND_SCALE_MIN, SB_EXTEND_SCALE_MAX, self->scales[i]);
              return FALSE;
            }
          grows |= self->scales[i] > SB_EXTEND_SCALE_MIN;
        }
      if (!grows)
        {
          g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                               _("The frame grows on no side: extend at least one side"));
          return FALSE;
        }
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH) &&
      !(self->strength >= SB_STRENGTH_MIN && self->strength <= SB_STRENGTH_MAX))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The strength must be %.1f to %.1f, not %g"),
                   SB_STRENGTH_MIN, SB_STRENGTH_MAX, self->strength);
      return FALSE;
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_MASK) && self->mask == NULL)
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                           _("No region is painted: paint where the picture should change"));
      return FALSE;
    }

  /* What the engine does not take is never sent, so never checked. */
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT) &&
      (self->sketch_weight < SB_SKETCH_WEIGHT_MIN || self->sketch_weight > SB_SKETCH_WEIGHT_MAX))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The sketch weight must be %d to %d, not %d"),
                   SB_SKETCH_WEIGHT_MIN, SB_SKETCH_WEIGHT_MAX, self->sketch_weight);
      return FALSE;
    }

  for (guint i = 0; sb_engine_takes (engine, SB_ENGINE_TAKES_COLORS) && i < self->colors->len; i++)
    {
      const SbColor *c = &g_array_index (self->colors, SbColor, i);

      if (!channel_is_valid (c->red) || !channel_is_valid (c->green) || !channel_is_valid (c->blue))
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("The sketch colour %d,%d,%d is out of range: each part must be 0 to 255"),
                       c->red, c->green, c->blue);
          return FALSE;
        }
    }

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_SIZE) && g_strcmp0 (self->size, SB_SIZE_768) != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                   _("The size must be %s, not %s"), SB_SIZE_768, self->size);
      return FALSE;
    }

  return TRUE;
}

/* The body of the create-task request, as this engine builds it. */
JsonNode *
sb_params_build_request (SbParams   *self,
                         const char *image_url)
{
  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);
  g_return_val_if_fail (image_url != NULL, NULL);

  return self->engine->build_request (self->engine, self, image_url);
}

/* Parses "R,G,B" (decimal); range is checked by sb_params_validate(). */
gboolean
sb_color_parse (const char *text,
                SbColor    *color)
{
  g_auto(GStrv) parts = NULL;
  int values[3];

  g_return_val_if_fail (color != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      gint64 value;

      if (!g_ascii_string_to_signed (g_strstrip (parts[i]), 10, -100000, 100000, &value, NULL))
        return FALSE;
      values[i] = value;
    }

  *color = (SbColor) { values[0], values[1], values[2] };
  return TRUE;
}

/* The parameters as the history keeps them (style by its nick). */
JsonNode *
sb_params_to_json (SbParams *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "engine");
  json_builder_add_string_value (builder, self->engine->id);
  if (self->seed >= 0)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, self->seed);
    }
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_FACTOR))
    {
      json_builder_set_member_name (builder, "factor");
      json_builder_add_int_value (builder, self->factor);
    }
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_SCALES))
    {
      json_builder_set_member_name (builder, "scales");
      json_builder_begin_array (builder);
      for (guint i = 0; i < SB_N_SIDES; i++)
        json_builder_add_double_value (builder, self->scales[i]);
      json_builder_end_array (builder);
    }
  if (sb_engine_takes (self->engine, SB_ENGINE_TAKES_STRENGTH))
    {
      json_builder_set_member_name (builder, "strength");
      json_builder_add_double_value (builder, self->strength);
    }
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, self->prompt);
  json_builder_set_member_name (builder, "style");
  json_builder_add_string_value (builder, sb_style_to_nick (self->style));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, self->count);
  json_builder_set_member_name (builder, "sketch_weight");
  json_builder_add_int_value (builder, self->sketch_weight);
  json_builder_set_member_name (builder, "sketch_extraction");
  json_builder_add_boolean_value (builder, self->sketch_extraction);
  json_builder_set_member_name (builder, "sketch_color");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->colors->len; i++)
    {
      const SbColor *c = &g_array_index (self->colors, SbColor, i);

      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, c->red);
      json_builder_add_int_value (builder, c->green);
      json_builder_add_int_value (builder, c->blue);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The four scales as saved: numbers each within the range, or nothing read. */
static gboolean
read_scales (JsonArray *array,
             SbParams  *self)
{
  double scales[SB_N_SIDES];

  if (array == NULL || json_array_get_length (array) != SB_N_SIDES)
    return FALSE;
  for (guint i = 0; i < SB_N_SIDES; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!sb_json_node_is_number (node))
        return FALSE;
      scales[i] = json_node_get_double (node);
      if (!(scales[i] >= SB_EXTEND_SCALE_MIN && scales[i] <= SB_EXTEND_SCALE_MAX))
        return FALSE;
    }
  memcpy (self->scales, scales, sizeof scales);
  return TRUE;
}

SbParams *
sb_params_new_from_json (JsonNode  *node,
                         GError   **error)
{
  g_autoptr(SbParams) self = sb_params_new ();
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *colors = sb_json_get_array (object, "sketch_color");
  JsonArray *scales = sb_json_get_array (object, "scales");
  double strength = SB_STRENGTH_DEFAULT;
  gint64 count = SB_IMAGE_COUNT_DEFAULT, weight = SB_SKETCH_WEIGHT_DEFAULT;
  gint64 seed = -1, factor = SB_ENLARGE_FACTOR_DEFAULT;
  gboolean extraction = FALSE;
  SbStyle style = SB_STYLE_AUTO;
  /* Entries from before there were engines were all made by the first. */
  const SbEngine *engine = object != NULL && json_object_has_member (object, "engine")
                           ? sb_engine_lookup (sb_json_get_string (object, "engine"))
                           : sb_engine_get_default ();

  if (object == NULL || sb_json_get_string (object, "prompt") == NULL || engine == NULL ||
      !sb_style_from_nick (sb_json_get_string (object, "style"), &style) ||
      (json_object_has_member (object, "seed") &&
       (!sb_json_get_int (object, "seed", &seed) || seed < 0 || seed > SB_SEED_MAX)) ||
      (json_object_has_member (object, "factor") &&
       (!sb_json_get_int (object, "factor", &factor) || factor < 1 || factor > 16)) ||
      (json_object_has_member (object, "scales") && !read_scales (scales, self)) ||
      (json_object_has_member (object, "strength") &&
       (!sb_json_get_double (object, "strength", &strength) ||
        !(strength >= SB_STRENGTH_MIN && strength <= SB_STRENGTH_MAX))))
    {
      g_set_error_literal (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The saved parameters are damaged"));
      return NULL;
    }

  sb_json_get_int (object, "count", &count);
  sb_json_get_int (object, "sketch_weight", &weight);
  sb_json_get_boolean (object, "sketch_extraction", &extraction);
  sb_params_set_prompt (self, sb_json_get_string (object, "prompt"));
  sb_params_set_style (self, style);
  sb_params_set_count (self, CLAMP (count, G_MININT, G_MAXINT));
  sb_params_set_sketch_weight (self, CLAMP (weight, G_MININT, G_MAXINT));
  sb_params_set_sketch_extraction (self, extraction);
  sb_params_set_engine (self, engine);
  sb_params_set_seed (self, seed);
  sb_params_set_factor (self, factor);
  sb_params_set_strength (self, strength);

  for (guint i = 0; colors != NULL && i < json_array_get_length (colors); i++)
    {
      JsonNode *color = json_array_get_element (colors, i);
      JsonArray *rgb = JSON_NODE_HOLDS_ARRAY (color) ? json_node_get_array (color) : NULL;

      if (rgb != NULL && json_array_get_length (rgb) == 3)
        sb_params_add_color (self, json_array_get_int_element (rgb, 0),
                             json_array_get_int_element (rgb, 1), json_array_get_int_element (rgb, 2));
    }

  return g_steal_pointer (&self);
}

/**
 * sb_params_describe_edit:
 *
 * What an edit of a picture did, for the caption under it: "4× larger",
 * "Repainted: a red door", "Extended", "Coloured: blue sky",
 * "Changed: make it night".
 *
 * Returns: (transfer full): the caption
 */
char *
sb_params_describe_edit (SbParams *self)
{
  const char *prompt;

  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  prompt = self->prompt;
  if (self->engine == &sb_engine_repaint)
    /* Translators: the caption under a repainted picture, with what the region became */
    return g_strdup_printf (_("Repainted: %s"), prompt);
  if (self->engine == &sb_engine_extend)
    return g_strdup (_("Extended"));
  if (self->engine == &sb_engine_colorize)
    /* Translators: the caption under a coloured drawing, with its colours */
    return g_strdup_printf (_("Coloured: %s"), prompt);
  if (self->engine == &sb_engine_change)
    /* Translators: the caption under a picture changed in words, with the words */
    return g_strdup_printf (_("Changed: %s"), prompt);
  /* Translators: the caption under an enlarged picture, e.g. "4× larger" */
  return g_strdup_printf (_("%d× larger"), self->factor);
}

/**
 * sb_params_describe:
 *
 * What was asked for, in words, for a screen reader: the prompt, the style
 * and, for an engine that takes one, the weight ("a fox, Watercolor,
 * weight 7").
 *
 * Returns: (transfer full): the description
 */
char *
sb_params_describe (SbParams *self)
{
  const SbEngine *engine;

  g_return_val_if_fail (SB_IS_PARAMS (self), NULL);

  engine = sb_params_get_engine (self);
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    /* Translators: a picture for a screen reader: prompt, style, sketch weight */
    return g_strdup_printf (_("%s, %s, weight %d"), sb_params_get_prompt (self),
                            sb_style_get_label (sb_params_get_style (self)), sb_params_get_sketch_weight (self));
  return g_strdup_printf ("%s, %s", sb_params_get_prompt (self), sb_style_get_label (sb_params_get_style (self)));
}
