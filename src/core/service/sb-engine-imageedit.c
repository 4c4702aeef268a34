/* sb-engine-imageedit.c: wanx2.1-imageedit, Wan 2.1 general image editing,
 * in two of its functions: doodle (a sketch to a picture) and
 * super_resolution (a picture up to 4× larger)
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

static JsonNode *
build_doodle (const SbEngine *self,
              SbParams       *params,
              const char     *image_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin (builder, self, params, image_url);
  /* Always set before a create (sb_generator picks one), so it is known. */
  if (sb_params_get_seed (params) >= 0)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, sb_params_get_seed (params));
    }
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
