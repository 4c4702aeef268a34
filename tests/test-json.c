/* test-json.c: JSON from outside is parsed only within its limits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sb-json.h"
#include "sb-limits.h"

static char *
nested (char open, char close, guint depth, const char *inner)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, open);
  g_string_append (text, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, close);
  return g_string_free (text, FALSE);
}

/* 100,000 levels used to overflow json-glib's recursive parser (SIGSEGV). */
static void
test_json_deep_nesting_refused (void)
{
  g_autofree char *arrays = nested ('[', ']', 100000, "");
  g_autofree char *objects = NULL;
  g_autoptr(GString) members = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = sb_json_parse (arrays, -1, &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "nested deeper"));
  g_clear_error (&error);

  for (guint i = 0; i < 100000; i++)
    g_string_append (members, "{\"a\":");
  g_string_append (members, "1");
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (members, '}');
  objects = g_strdup (members->str);
  root = sb_json_parse (objects, -1, &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
}

/* Up to the limit parses; brackets inside strings, escaped quotes included,
 * are not nesting. */
static void
test_json_depth_counts_structure_only (void)
{
  g_autofree char *at_limit = nested ('[', ']', SB_JSON_MAX_DEPTH, "1");
  g_autofree char *over = nested ('[', ']', SB_JSON_MAX_DEPTH + 1, "1");
  g_autofree char *brackets = nested ('[', ']', 1000, "");
  g_autofree char *in_string = g_strdup_printf ("{\"text\": \"\\\"%s\", \"n\": [1, {\"m\": 2}]}", brackets);
  g_autoptr(JsonNode) ok = sb_json_parse (at_limit, -1, NULL);
  g_autoptr(JsonNode) refused = sb_json_parse (over, -1, NULL);
  g_autoptr(JsonNode) text = sb_json_parse (in_string, -1, NULL);
  g_autofree char *expected = NULL;

  g_assert_nonnull (ok);
  g_assert_null (refused);
  g_assert_nonnull (text);
  expected = g_strconcat ("\"", brackets, NULL);
  g_assert_cmpstr (sb_json_get_string (json_node_get_object (text), "text"), ==, expected);
}

/* An HTTP error with no body reaches the parser as NULL, 0 (g_bytes_get_data
 * of an empty GBytes): an empty document, not a json-glib CRITICAL (fatal in
 * the tests). */
static void
test_json_empty_body (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  root = sb_json_parse (g_bytes_get_data (empty, NULL), g_bytes_get_size (empty), &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);

  root = sb_json_parse ("", 0, &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);

  root = sb_json_parse (NULL, -1, &error);
  g_assert_null (root);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/deep-nesting-refused", test_json_deep_nesting_refused);
  g_test_add_func ("/json/depth-counts-structure-only", test_json_depth_counts_structure_only);
  g_test_add_func ("/json/empty-body", test_json_empty_body);

  return g_test_run ();
}
