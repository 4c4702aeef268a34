/* test-params.c: validation names the field, and the request body is typed right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-error.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-params.h"

static SbParams *
valid_params (void)
{
  SbParams *params = sb_params_new ();

  sb_params_set_prompt (params, "一棵参天大树");
  return params;
}

static void
assert_invalid (SbParams   *params,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sb_params_validate (params, &error));
  g_assert_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_params_defaults (void)
{
  g_autoptr(SbParams) params = valid_params ();
  g_autoptr(GError) error = NULL;
  guint n_colors;

  g_assert_cmpint (sb_params_get_count (params), ==, 4);
  g_assert_cmpint (sb_params_get_sketch_weight (params), ==, 10);
  g_assert_cmpint (sb_params_get_style (params), ==, SB_STYLE_AUTO);
  g_assert_false (sb_params_get_sketch_extraction (params));
  g_assert_cmpstr (sb_params_get_size (params), ==, "768*768");
  sb_params_get_colors (params, &n_colors);
  g_assert_cmpuint (n_colors, ==, 0);
  g_assert_true (sb_params_validate (params, &error));
  g_assert_no_error (error);
}

/* 75 characters is the limit, counted as characters: 75 Chinese ones pass. */
static void
test_params_prompt_characters (void)
{
  g_autoptr(SbParams) params = valid_params ();
  g_autoptr(GString) prompt = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 75; i++)
    g_string_append (prompt, "树");
  sb_params_set_prompt (params, prompt->str);
  g_assert_true (sb_params_validate (params, &error));
  g_assert_no_error (error);

  g_string_append (prompt, "a");
  sb_params_set_prompt (params, prompt->str);
  assert_invalid (params, "76 characters");

  sb_params_set_prompt (params, "   ");
  assert_invalid (params, "prompt is empty");
  sb_params_set_prompt (params, "");
  assert_invalid (params, "prompt is empty");
  sb_params_set_prompt (params, "\xff\xfe");
  assert_invalid (params, "UTF-8");
}

static void
test_params_ranges (void)
{
  g_autoptr(SbParams) params = valid_params ();

  sb_params_set_count (params, 0);
  assert_invalid (params, "image count");
  sb_params_set_count (params, 5);
  assert_invalid (params, "not 5");
  sb_params_set_count (params, 1);

  sb_params_set_sketch_weight (params, -1);
  assert_invalid (params, "sketch weight");
  sb_params_set_sketch_weight (params, 11);
  assert_invalid (params, "not 11");
  sb_params_set_sketch_weight (params, 0);

  sb_params_add_color (params, 0, 0, 256);
  assert_invalid (params, "0,0,256");
  sb_params_clear_colors (params);
  sb_params_add_color (params, -1, 0, 0);
  assert_invalid (params, "-1,0,0");
  sb_params_clear_colors (params);

  sb_params_set_size (params, "1024*1024");
  assert_invalid (params, "1024*1024");
  sb_params_set_size (params, "768*768");

  g_assert_true (sb_params_validate (params, NULL));
}

static void
test_params_request_body (void)
{
  g_autoptr(SbParams) params = valid_params ();
  g_autoptr(JsonNode) body = NULL;
  JsonObject *root, *input, *parameters;
  JsonArray *colors;

  sb_params_set_style (params, SB_STYLE_WATERCOLOR);
  sb_params_set_count (params, 2);
  sb_params_set_sketch_weight (params, 3);
  sb_params_add_color (params, 134, 134, 134);
  sb_params_add_color (params, 0, 0, 0);
  sb_params_add_color (params, 134, 134, 134);   /* not repeated */

  body = sb_params_build_request (params, "https://example.com/sketch.png");
  root = json_node_get_object (body);
  g_assert_cmpstr (sb_json_get_string (root, "model"), ==, "wanx-sketch-to-image-lite");

  input = sb_json_get_object (root, "input");
  g_assert_cmpstr (sb_json_get_string (input, "sketch_image_url"), ==, "https://example.com/sketch.png");
  g_assert_cmpstr (sb_json_get_string (input, "prompt"), ==, "一棵参天大树");

  parameters = sb_json_get_object (root, "parameters");
  g_assert_cmpstr (sb_json_get_string (parameters, "size"), ==, "768*768");
  g_assert_cmpstr (sb_json_get_string (parameters, "style"), ==, "<watercolor>");
  g_assert_true (sb_json_node_is_int (json_object_get_member (parameters, "n")));
  g_assert_cmpint (json_object_get_int_member (parameters, "n"), ==, 2);
  g_assert_true (sb_json_node_is_int (json_object_get_member (parameters, "sketch_weight")));
  g_assert_cmpint (json_object_get_int_member (parameters, "sketch_weight"), ==, 3);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (parameters, "sketch_extraction")), ==, G_TYPE_BOOLEAN);
  g_assert_false (json_object_get_boolean_member (parameters, "sketch_extraction"));

  colors = sb_json_get_array (parameters, "sketch_color");
  g_assert_nonnull (colors);
  g_assert_cmpuint (json_array_get_length (colors), ==, 2);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (colors, 0), 0), ==, 134);
  g_assert_true (sb_json_node_is_int (json_array_get_element (json_array_get_array_element (colors, 1), 2)));

  /* With extraction on, the service ignores sketch_color: it is not sent. */
  sb_params_set_sketch_extraction (params, TRUE);
  g_clear_pointer (&body, json_node_unref);
  body = sb_params_build_request (params, "https://example.com/sketch.png");
  parameters = sb_json_get_object (json_node_get_object (body), "parameters");
  g_assert_null (sb_json_get_array (parameters, "sketch_color"));
  g_assert_true (json_object_get_boolean_member (parameters, "sketch_extraction"));
}

static void
test_params_copy (void)
{
  g_autoptr(SbParams) params = valid_params ();
  g_autoptr(SbParams) copy = NULL;
  const SbColor *colors;
  guint n_colors;

  sb_params_set_style (params, SB_STYLE_ANIME);
  sb_params_add_color (params, 1, 2, 3);
  copy = sb_params_copy (params);
  g_assert_cmpstr (sb_params_get_prompt (copy), ==, "一棵参天大树");
  g_assert_cmpint (sb_params_get_style (copy), ==, SB_STYLE_ANIME);
  colors = sb_params_get_colors (copy, &n_colors);
  g_assert_cmpuint (n_colors, ==, 1);
  g_assert_cmpint (colors[0].blue, ==, 3);
}

static void
test_color_parse (void)
{
  SbColor color;

  g_assert_true (sb_color_parse ("134,134,134", &color));
  g_assert_cmpint (color.red, ==, 134);
  g_assert_true (sb_color_parse (" 0, 10 ,255 ", &color));
  g_assert_cmpint (color.green, ==, 10);
  g_assert_cmpint (color.blue, ==, 255);
  g_assert_false (sb_color_parse ("1,2", &color));
  g_assert_false (sb_color_parse ("1,2,3,4", &color));
  g_assert_false (sb_color_parse ("red,0,0", &color));
  g_assert_false (sb_color_parse ("", &color));
  g_assert_false (sb_color_parse (NULL, &color));
}

/* Each engine's own limits: the doodle engine takes 800 characters, the
 * style's words included and never cut; it does not take a weight (so one
 * out of range is neither sent nor refused); the enlarging engine takes 2-4
 * and sends its own prompt; a seed past the service's range is refused. */
static void
test_params_engines (void)
{
  g_autoptr(SbParams) params = sb_params_new ();
  g_autofree char *long_prompt = g_strnfill (790, 'x');
  g_autofree char *sent = NULL;
  g_autoptr(GError) error = NULL;

  sb_params_set_count (params, 1);
  sb_params_set_engine (params, &sb_engine_doodle);
  sb_params_set_prompt (params, long_prompt);
  g_assert_true (sb_params_validate (params, NULL));
  sb_params_set_style (params, SB_STYLE_WATERCOLOR);   /* ", watercolor style": 18 more, 808 */
  sent = sb_params_get_sent_prompt (params);
  g_assert_true (g_str_has_suffix (sent, ", watercolor style"));
  g_assert_false (sb_params_validate (params, &error));
  g_assert_nonnull (strstr (error->message, "style"));
  g_clear_error (&error);
  sb_params_set_style (params, SB_STYLE_AUTO);
  sb_params_set_sketch_weight (params, 99);
  g_assert_true (sb_params_validate (params, NULL));
  {
    g_autoptr(JsonNode) body = sb_params_build_request (params, "data:image/png;base64,AA==");

    g_assert_false (json_object_has_member (json_object_get_object_member (json_node_get_object (body), "parameters"),
                                            "sketch_weight"));
  }
  sb_params_set_seed (params, (gint64) SB_SEED_MAX + 1);
  g_assert_false (sb_params_validate (params, NULL));

  sb_params_set_engine (params, sb_engine_get_default ());
  sb_params_set_seed (params, -1);
  g_assert_false (sb_params_validate (params, NULL));   /* 790 characters and weight 99 */

  sb_params_set_engine (params, &sb_engine_enlarge);
  sb_params_set_factor (params, 5);
  g_assert_false (sb_params_validate (params, NULL));
  sb_params_set_factor (params, 4);
  g_assert_true (sb_params_validate (params, NULL));
  g_clear_pointer (&sent, g_free);
  sent = sb_params_get_sent_prompt (params);
  g_assert_cmpstr (sent, ==, "image super-resolution.");
}

/* The edits: each sends its function and its own parameters only (the
 * four scales, the strength, the mask inline), with the rules the service
 * has; the scales and strength are kept with the generation. */
static void
test_params_edits (void)
{
  static const struct { const SbEngine *engine; const char *function; const char *own; } edits[] = {
    { &sb_engine_repaint, "description_edit_with_mask", NULL },
    { &sb_engine_extend, "expand", "top_scale" },
    { &sb_engine_colorize, "colorization", NULL },
    { &sb_engine_change, "description_edit", "strength" },
  };
  static const char *scale_names[] = { "top_scale", "bottom_scale", "left_scale", "right_scale" };
  g_autoptr(GBytes) mask = g_bytes_new_static ("not checked here", 16);
  g_autoptr(GError) error = NULL;

  for (guint e = 0; e < G_N_ELEMENTS (edits); e++)
    {
      g_autoptr(SbParams) params = sb_params_new ();
      g_autoptr(JsonNode) body = NULL;
      JsonObject *input, *parameters;

      sb_params_set_engine (params, edits[e].engine);
      sb_params_set_prompt (params, "make the sky stormy");
      sb_params_set_count (params, 2);
      sb_params_set_seed (params, 7);
      if (edits[e].engine == &sb_engine_repaint)
        {
          g_assert_false (sb_params_validate (params, &error));   /* no region painted */
          g_assert_nonnull (strstr (error->message, "region"));
          g_clear_error (&error);
          sb_params_set_mask (params, mask);
        }
      if (edits[e].engine == &sb_engine_extend)
        {
          g_assert_false (sb_params_validate (params, NULL));   /* grows on no side */
          sb_params_set_scale (params, SB_SIDE_LEFT, 2.01);
          g_assert_false (sb_params_validate (params, NULL));
          sb_params_set_scale (params, SB_SIDE_LEFT, 0.99);
          g_assert_false (sb_params_validate (params, NULL));
          sb_params_set_scale (params, SB_SIDE_LEFT, 1.5);
          sb_params_set_scale (params, SB_SIDE_TOP, 2.0);
        }
      if (edits[e].engine == &sb_engine_change)
        {
          sb_params_set_strength (params, 1.2);
          g_assert_false (sb_params_validate (params, NULL));
          sb_params_set_strength (params, 0.8);
        }
      g_assert_true (sb_params_validate (params, &error));
      g_assert_no_error (error);

      body = sb_params_build_request (params, "data:image/png;base64,AA==");
      g_assert_cmpstr (sb_json_get_string (json_node_get_object (body), "model"), ==, "wanx2.1-imageedit");
      input = sb_json_get_object (json_node_get_object (body), "input");
      parameters = sb_json_get_object (json_node_get_object (body), "parameters");
      g_assert_cmpstr (sb_json_get_string (input, "function"), ==, edits[e].function);
      g_assert_cmpstr (sb_json_get_string (input, "base_image_url"), ==, "data:image/png;base64,AA==");
      g_assert_cmpstr (sb_json_get_string (input, "prompt"), ==, "make the sky stormy");
      g_assert_cmpint (json_object_get_int_member (parameters, "n"), ==, 2);
      g_assert_cmpint (json_object_get_int_member (parameters, "seed"), ==, 7);
      g_assert_false (json_object_get_boolean_member (parameters, "watermark"));
      /* The mask inline, for the repaint only. */
      if (edits[e].engine == &sb_engine_repaint)
        {
          g_autofree char *encoded = g_base64_encode (g_bytes_get_data (mask, NULL), g_bytes_get_size (mask));
          g_autofree char *uri = g_strconcat ("data:image/png;base64,", encoded, NULL);

          g_assert_cmpstr (sb_json_get_string (input, "mask_image_url"), ==, uri);
        }
      else
        g_assert_false (json_object_has_member (input, "mask_image_url"));
      /* Each scale for expand only, the strength for description_edit only. */
      for (guint i = 0; i < G_N_ELEMENTS (scale_names); i++)
        g_assert_true (json_object_has_member (parameters, scale_names[i]) == (edits[e].engine == &sb_engine_extend));
      g_assert_true (json_object_has_member (parameters, "strength") == (edits[e].engine == &sb_engine_change));
      g_assert_false (json_object_has_member (parameters, "style"));
      g_assert_false (json_object_has_member (parameters, "is_sketch"));
      if (edits[e].engine == &sb_engine_extend)
        {
          g_assert_cmpfloat (json_object_get_double_member (parameters, "top_scale"), ==, 2.0);
          g_assert_cmpfloat (json_object_get_double_member (parameters, "bottom_scale"), ==, 1.0);
          g_assert_cmpfloat (json_object_get_double_member (parameters, "left_scale"), ==, 1.5);
          g_assert_cmpfloat (json_object_get_double_member (parameters, "right_scale"), ==, 1.0);
        }
      if (edits[e].engine == &sb_engine_change)
        g_assert_cmpfloat (json_object_get_double_member (parameters, "strength"), ==, 0.8);

      /* Kept and read back (the mask is a file beside the entry, not here). */
      {
        g_autoptr(JsonNode) saved = sb_params_to_json (params);
        g_autoptr(SbParams) read = sb_params_new_from_json (saved, &error);

        g_assert_no_error (error);
        g_assert_true (sb_params_get_engine (read) == edits[e].engine);
        for (guint i = 0; i < SB_N_SIDES; i++)
          g_assert_cmpfloat (sb_params_get_scale (read, i), ==, sb_params_get_scale (params, i));
        g_assert_cmpfloat (sb_params_get_strength (read), ==, sb_params_get_strength (params));
        g_assert_null (sb_params_get_mask (read));
      }
    }

  /* The size each asks for: 1000×600, left 1.5 and top 2.0: 1500×1200. */
  {
    g_autoptr(SbParams) params = sb_params_new ();
    int width, height;

    sb_params_set_engine (params, &sb_engine_extend);
    sb_params_set_scale (params, SB_SIDE_LEFT, 1.5);
    sb_params_set_scale (params, SB_SIDE_TOP, 2.0);
    sb_params_get_result_size (params, 1000, 600, &width, &height);
    g_assert_cmpint (width, ==, 1500);
    g_assert_cmpint (height, ==, 1200);
    g_assert_cmpfloat (sb_params_get_growth (params), ==, 2.0);
  }

  /* Damaged saved values are refused, not clamped. */
  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"engine\":\"extend\",\"prompt\":\"x\",\"style\":\"auto\","
                                                "\"scales\":[1,1,3,1]}", NULL);
    g_autoptr(JsonNode) bad_strength = json_from_string ("{\"engine\":\"change\",\"prompt\":\"x\","
                                                         "\"style\":\"auto\",\"strength\":\"a lot\"}", NULL);
    g_autoptr(SbParams) none = sb_params_new_from_json (bad, NULL);
    g_autoptr(SbParams) neither = sb_params_new_from_json (bad_strength, NULL);

    g_autoptr(JsonNode) good = json_from_string ("{\"engine\":\"extend\",\"prompt\":\"x\",\"style\":\"auto\","
                                                 "\"scales\":[1,1,2,1.5]}", NULL);
    g_autoptr(SbParams) read = sb_params_new_from_json (good, NULL);

    g_assert_null (none);
    g_assert_null (neither);
    g_assert_nonnull (read);
    g_assert_cmpfloat (sb_params_get_scale (read, SB_SIDE_RIGHT), ==, 1.5);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/params/defaults", test_params_defaults);
  g_test_add_func ("/params/prompt-characters", test_params_prompt_characters);
  g_test_add_func ("/params/ranges", test_params_ranges);
  g_test_add_func ("/params/request-body", test_params_request_body);
  g_test_add_func ("/params/copy", test_params_copy);
  g_test_add_func ("/params/color-parse", test_color_parse);
  g_test_add_func ("/params/engines", test_params_engines);
  g_test_add_func ("/params/edits", test_params_edits);

  return g_test_run ();
}
