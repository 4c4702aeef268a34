/* sb-json.h: reading JSON members with their types checked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode   *sb_json_parse        (const char  *data,
                                  gssize       length,
                                  GError     **error);
const char *sb_json_get_string   (JsonObject  *object,
                                  const char  *member);
JsonObject *sb_json_get_object   (JsonObject  *object,
                                  const char  *member);
JsonArray  *sb_json_get_array    (JsonObject  *object,
                                  const char  *member);
gboolean    sb_json_get_int      (JsonObject  *object,
                                  const char  *member,
                                  gint64      *value);
gboolean    sb_json_get_boolean  (JsonObject  *object,
                                  const char  *member,
                                  gboolean    *value);
gboolean    sb_json_get_double   (JsonObject  *object,
                                  const char  *member,
                                  double      *value);
gboolean    sb_json_node_is_int  (JsonNode    *node);
gboolean    sb_json_node_is_number (JsonNode  *node);
char       *sb_json_to_string    (JsonNode    *node);

G_END_DECLS
