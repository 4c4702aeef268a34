/* sb-engine-sketch-lite.c: wanx-sketch-to-image-lite, the doodle model this
 * app was made for
 *
 * Contract: dashscope-sketch-api.md. The sketch goes by address (an upload
 * method puts it online first); a style, the sketch's weight and its colours
 * are parameters of their own; results are 768×768.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-engine.h"
#include "sb-limits.h"
#include "sb-params.h"

static JsonNode *
build_request (const SbEngine *self,
               SbParams       *params,
               const char     *image_url)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *prompt = sb_params_get_sent_prompt (params);
  guint n_colors;
  const SbColor *colors = sb_params_get_colors (params, &n_colors);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);

  json_builder_set_member_name (builder, "input");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sketch_image_url");
  json_builder_add_string_value (builder, image_url);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, prompt);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "parameters");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_string_value (builder, sb_params_get_size (params));
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, sb_params_get_count (params));
  json_builder_set_member_name (builder, "sketch_weight");
  json_builder_add_int_value (builder, sb_params_get_sketch_weight (params));
  json_builder_set_member_name (builder, "style");
  json_builder_add_string_value (builder, sb_style_to_wire (sb_params_get_style (params)));
  json_builder_set_member_name (builder, "sketch_extraction");
  json_builder_add_boolean_value (builder, sb_params_get_sketch_extraction (params));

  /* The service ignores sketch_color when it extracts edges itself. */
  if (!sb_params_get_sketch_extraction (params) && n_colors > 0)
    {
      json_builder_set_member_name (builder, "sketch_color");
      json_builder_begin_array (builder);
      for (guint i = 0; i < n_colors; i++)
        {
          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, colors[i].red);
          json_builder_add_int_value (builder, colors[i].green);
          json_builder_add_int_value (builder, colors[i].blue);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const SbEngine sb_engine_sketch_lite = {
  .id = "sketch-lite",
  .model = "wanx-sketch-to-image-lite",
  .label = N_("Sketch to Image Lite"),
  .best_at = N_("Quick 768 px pictures that follow the lines closely, in eight named styles; "
                "the sketch is uploaded first"),
  .kind = SB_ENGINE_DRAWS,
  .price_cny = 0.06,
  .free_images = 500,
  .regions = SB_REGION_BIT (SB_REGION_MAINLAND),
  .prompt_max_chars = SB_PROMPT_MAX_CHARS,
  .max_count = 4,
  .min_side = SB_SKETCH_MIN_SIDE,
  .max_side = SB_SKETCH_MAX_SIDE,
  .max_image_bytes = SB_SKETCH_MAX_BYTES,
  .tasks_at_once = 1,
  .creates_per_second = 2,
  .travel = SB_IMAGE_BY_URL,
  .takes = SB_ENGINE_TAKES_STYLE | SB_ENGINE_TAKES_WEIGHT | SB_ENGINE_TAKES_COLORS |
           SB_ENGINE_TAKES_EXTRACTION | SB_ENGINE_TAKES_SIZE,
  .build_request = build_request,
};
