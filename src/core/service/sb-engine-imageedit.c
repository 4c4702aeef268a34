/* sb-engine-imageedit.c: wanx2.1-imageedit, Wan 2.1 general image editing,
 * in six of its functions: doodle (a sketch to a picture),
 * super_resolution (a picture up to 4× larger), and the edits of a
 * picture: description_edit_with_mask (a region repainted), expand (the
 * frame extended), colorization (line art coloured) and description_edit
 * (changed as a sentence says)
 *
 * Contract: dashscope-imageedit.md. The picture goes inline as a data: URI,
 * so no upload method is needed; there is no style parameter (a style is
 * said in the prompt) and the output follows the input's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-engine.h"
#include "sb-params.h"

#define MODEL "wanx2.1-imageedit"

static void
begin (JsonBuilder    *builder,
       const SbEngine *self,
       SbParams       *params,
       const char     *image_url)
{
  g_autofree char *prompt = sb_params_get_sent_prompt (params);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);

  json_builder_set_member_name (builder, "input");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "function");
  json_builder_add_string_value (builder, self->function);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, prompt);
  json_builder_set_member_name (builder, "base_image_url");
  json_builder_add_string_value (builder, image_url);
  /* The region, inline like the picture and of its size (the generator
   * checked both): white is repainted, black kept. */
  if (sb_engine_takes (self, SB_ENGINE_TAKES_MASK) && sb_params_get_mask (params) != NULL)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (sb_params_get_mask (params), &size);
      g_autofree char *encoded = g_base64_encode (data, size);
      g_autofree char *uri = g_strconcat ("data:image/png;base64,", encoded, NULL);

      json_builder_set_member_name (builder, "mask_image_url");
      json_builder_add_string_value (builder, uri);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, sb_params_get_count (params));
}

/* Parameters in the order of the vendor's table: n, seed, watermark, then
 * the function's own. */
static void
add_watermark (JsonBuilder *builder)
{
  /* The service's default, said so that no "AI生成" mark is ever added. */
  json_builder_set_member_name (builder, "watermark");
  json_builder_add_boolean_value (builder, FALSE);
}

static JsonNode *
end (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Always set before a create (sb_generator picks one), so it is known. */
static void
add_seed (JsonBuilder *builder,
          SbParams    *params)
{
  if (sb_params_get_seed (params) >= 0)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, sb_params_get_seed (params));
    }
}

static JsonNode *
build_doodle (const SbEngine *self,
              SbParams       *params,
              const char     *image_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin (builder, self, params, image_url);
  add_seed (builder, params);
  add_watermark (builder);
  /* The picture is a sketch, used as drawn: no line art extracted from it. */
  json_builder_set_member_name (builder, "is_sketch");
  json_builder_add_boolean_value (builder, TRUE);
  return end (builder);
}

static JsonNode *
build_enlarge (const SbEngine *self,
               SbParams       *params,
               const char     *image_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin (builder, self, params, image_url);
  add_watermark (builder);
  json_builder_set_member_name (builder, "upscale_factor");
  json_builder_add_int_value (builder, sb_params_get_factor (params));
  return end (builder);
}

/* The edits: n, seed, watermark, and the function's own (expand's four
 * scales, description_edit's strength); the rest take nothing more. */
static JsonNode *
build_edit (const SbEngine *self,
            SbParams       *params,
            const char     *image_url)
{
  static const char *scale_names[SB_N_SIDES] = {
    [SB_SIDE_TOP] = "top_scale", [SB_SIDE_BOTTOM] = "bottom_scale",
    [SB_SIDE_LEFT] = "left_scale", [SB_SIDE_RIGHT] = "right_scale",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin (builder, self, params, image_url);
  add_seed (builder, params);
  add_watermark (builder);
  for (guint i = 0; sb_engine_takes (self, SB_ENGINE_TAKES_SCALES) && i < SB_N_SIDES; i++)
    {
      json_builder_set_member_name (builder, scale_names[i]);
      json_builder_add_double_value (builder, sb_params_get_scale (params, i));
    }
  if (sb_engine_takes (self, SB_ENGINE_TAKES_STRENGTH))
    {
      json_builder_set_member_name (builder, "strength");
      json_builder_add_double_value (builder, sb_params_get_strength (params));
    }
  return end (builder);
}

/* What every edit shares: the model's limits and price; one to four
 * pictures, repeatable with a seed. */
#define EDIT_ROW \
  .model = MODEL, \
  .kind = SB_ENGINE_EDITS, \
  .price_cny = 0.14, \
  .free_images = 500, \
  .regions = SB_REGION_BIT (SB_REGION_MAINLAND), \
  .prompt_max_chars = 800, \
  .max_count = 4, \
  .min_side = 512, \
  .max_side = 4096, \
  .max_image_bytes = 10 * 1024 * 1024, \
  .tasks_at_once = 2, \
  .creates_per_second = 2, \
  .travel = SB_IMAGE_INLINE, \
  .build_request = build_edit

const SbEngine sb_engine_repaint = {
  EDIT_ROW,
  .id = "repaint",
  .function = "description_edit_with_mask",
  .label = N_("Repaint a Region"),
  .best_at = N_("Only the painted part of a picture made again, as the prompt says"),
  .takes = SB_ENGINE_TAKES_SEED | SB_ENGINE_TAKES_MASK,
};

const SbEngine sb_engine_extend = {
  EDIT_ROW,
  .id = "extend",
  .function = "expand",
  .label = N_("Extend the Frame"),
  .best_at = N_("More of the scene around a picture, each side up to twice as far"),
  .takes = SB_ENGINE_TAKES_SEED | SB_ENGINE_TAKES_SCALES,
};

const SbEngine sb_engine_colorize = {
  EDIT_ROW,
  .id = "colorize",
  .function = "colorization",
  .label = N_("Colour Line Art"),
  .best_at = N_("A black-and-white drawing coloured as the prompt says"),
  .takes = SB_ENGINE_TAKES_SEED,
};

const SbEngine sb_engine_change = {
  EDIT_ROW,
  .id = "change",
  .function = "description_edit",
  .label = N_("Change in Words"),
  .best_at = N_("A picture changed as a sentence says, a little or a lot"),
  .takes = SB_ENGINE_TAKES_SEED | SB_ENGINE_TAKES_STRENGTH,
};

const SbEngine sb_engine_doodle = {
  .id = "doodle",
  .model = MODEL,
  .function = "doodle",
  .label = N_("Wan 2.1 Doodle"),
  .best_at = N_("Richer pictures from long prompts (up to 800 characters), the size of the sketch, "
                "repeatable with a seed; a style is said in words; nothing to upload"),
  .kind = SB_ENGINE_DRAWS,
  .price_cny = 0.14,
  .free_images = 500,
  .regions = SB_REGION_BIT (SB_REGION_MAINLAND),
  .prompt_max_chars = 800,
  .max_count = 4,
  .min_side = 512,
  .max_side = 4096,
  .max_image_bytes = 10 * 1024 * 1024,
  .tasks_at_once = 2,
  .creates_per_second = 2,
  .travel = SB_IMAGE_INLINE,
  .takes = SB_ENGINE_TAKES_SEED,
  .build_request = build_doodle,
};

const SbEngine sb_engine_enlarge = {
  .id = "enlarge",
  .model = MODEL,
  .function = "super_resolution",
  .label = N_("Wan 2.1 Enlarge"),
  .best_at = N_("A picture made two to four times larger, for print"),
  .kind = SB_ENGINE_ENLARGES,
  .price_cny = 0.14,
  .free_images = 500,
  .regions = SB_REGION_BIT (SB_REGION_MAINLAND),
  .prompt_max_chars = 800,
  .max_count = 1,
  .min_side = 512,
  .max_side = 4096,
  .max_image_bytes = 10 * 1024 * 1024,
  .max_factor = 4,
  .tasks_at_once = 2,
  .creates_per_second = 2,
  .travel = SB_IMAGE_INLINE,
  .takes = SB_ENGINE_TAKES_FACTOR,
  /* The vendor's own example prompt for this function. */
  .fixed_prompt = "image super-resolution.",
  .build_request = build_enlarge,
};
