/* sb-history-entry.c: one generation as the history keeps it
 *
 * A folder per generation: sketch.png (exactly what was uploaded), the
 * images, and entry.json with the parameters, task id, request id, state,
 * times, and each image's file or failure. entry.json is replaced
 * atomically (write, then rename), so it is always the old or the new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-history-entry"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "sb-error.h"
#include "sb-history-entry.h"
#include "sb-atomic.h"
#include "sb-bounded-file.h"
#include "sb-enums.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-sweep.h"

#define FORMAT_VERSION 1

struct _SbHistoryEntry
{
  GObject    parent_instance;

  GFile     *directory;
  SbParams  *params;
  char      *sketch_url;
  SbUploadMethod upload_method;
  SbHistoryEntryState state;
  char      *task_id;
  char      *request_id;
  gint64     created_at;       /* g_get_real_time(): recorded */
  gint64     task_created_at;  /* g_get_real_time(): the task was created */
  SbTaskStatus task_status;    /* as the service last said */
  gboolean   task_status_known;
  GPtrArray *images;           /* of char*: basenames in the directory */
  JsonArray *failures;         /* of {"index","code","message"}; NULL while none (most) */
  char      *error_code;
  char      *error_message;
  char      *error_request_id;
  gboolean   error_in_preferences;   /* a setting fixes it */
  char      *sweep_id;         /* shared by a sweep's variants, or NULL */
  char      *parent_entry;     /* an edit (enlarged, repainted…): its picture's generation's folder name, or NULL */
  char      *parent_image;     /* …and the picture it edits */
  SbSweepKind sweep_kind;
  guint      sweep_index;
};

G_DEFINE_FINAL_TYPE (SbHistoryEntry, sb_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_history_entry_finalize (GObject *object)
{
  SbHistoryEntry *self = SB_HISTORY_ENTRY (object);

  g_clear_object (&self->directory);
  g_clear_object (&self->params);
  g_clear_pointer (&self->sketch_url, g_free);
  g_clear_pointer (&self->task_id, g_free);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->failures, json_array_unref);
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->error_request_id, g_free);
  g_clear_pointer (&self->sweep_id, g_free);
  g_clear_pointer (&self->parent_entry, g_free);
  g_clear_pointer (&self->parent_image, g_free);

  G_OBJECT_CLASS (sb_history_entry_parent_class)->finalize (object);
}

static void
sb_history_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SbHistoryEntry *self = SB_HISTORY_ENTRY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_history_entry_class_init (SbHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_history_entry_finalize;
  object_class->get_property = sb_history_entry_get_property;

  /**
   * SbHistoryEntry:state:
   *
   * Where the generation stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SB_TYPE_HISTORY_ENTRY_STATE, SB_HISTORY_ENTRY_QUEUED,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_history_entry_init (SbHistoryEntry *self)
{
  self->images = g_ptr_array_new_with_free_func (g_free);
  self->state = SB_HISTORY_ENTRY_QUEUED;
}

SbHistoryEntry *
sb_history_entry_new (GFile      *directory,
                      SbParams   *params,
                      const char *sketch_url,
                      SbUploadMethod upload_method)
{
  SbHistoryEntry *self = g_object_new (SB_TYPE_HISTORY_ENTRY, NULL);

  self->directory = g_object_ref (directory);
  self->params = sb_params_copy (params);
  self->sketch_url = g_strdup (sketch_url);
  self->upload_method = upload_method;
  self->created_at = g_get_real_time ();

  return self;
}

static const char *
state_to_nick (SbHistoryEntryState state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (SB_TYPE_HISTORY_ENTRY_STATE);

  return g_enum_get_value (states, state)->value_nick;
}

GBytes *
sb_history_entry_serialize (SbHistoryEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

#define STRING(name, value) G_STMT_START { json_builder_set_member_name (builder, name); \
                                           json_builder_add_string_value (builder, value); } G_STMT_END
#define INT(name, value) G_STMT_START { json_builder_set_member_name (builder, name); \
                                        json_builder_add_int_value (builder, value); } G_STMT_END
  json_builder_begin_object (builder);
  INT ("version", FORMAT_VERSION);
  INT ("created_at", self->created_at);
  json_builder_set_member_name (builder, "params");
  json_builder_add_value (builder, sb_params_to_json (self->params));
  STRING ("sketch_url", self->sketch_url);
  STRING ("upload_method", sb_upload_method_to_nick (self->upload_method));
  STRING ("state", state_to_nick (self->state));
  STRING ("task_id", self->task_id);
  STRING ("request_id", self->request_id);
  INT ("task_created_at", self->task_created_at);
  if (self->task_status_known)
    STRING ("task_status", sb_task_status_to_string (self->task_status));
  json_builder_set_member_name (builder, "images");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->images->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (self->images, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "failures");
  if (self->failures != NULL)
    json_builder_add_value (builder, json_node_init_array (json_node_alloc (), self->failures));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
  if (self->sweep_id != NULL)
    {
      g_autoptr(GEnumClass) kinds = g_type_class_ref (SB_TYPE_SWEEP_KIND);

      json_builder_set_member_name (builder, "sweep");
      json_builder_begin_object (builder);
      STRING ("id", self->sweep_id);
      STRING ("kind", g_enum_get_value (kinds, self->sweep_kind)->value_nick);
      INT ("index", self->sweep_index);
      json_builder_end_object (builder);
    }
  if (self->parent_entry != NULL)
    {
      json_builder_set_member_name (builder, "parent");
      json_builder_begin_object (builder);
      STRING ("entry", self->parent_entry);
      STRING ("image", self->parent_image);
      json_builder_end_object (builder);
    }
  if (self->error_message != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      STRING ("code", self->error_code);
      STRING ("message", self->error_message);
      STRING ("request_id", self->error_request_id);
      json_builder_set_member_name (builder, "fixed_in_preferences");
      json_builder_add_boolean_value (builder, self->error_in_preferences);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
#undef STRING
#undef INT

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  return g_bytes_new_take (json, strlen (json));
}

/* Writes entry.json (blocking: call from a worker thread). */
gboolean
sb_history_entry_save (SbHistoryEntry  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(GFile) file = g_file_get_child (self->directory, "entry.json");
  g_autoptr(GBytes) bytes = sb_history_entry_serialize (self);

  return sb_atomic_write (file, bytes, error);
}

static gboolean
state_is_finished (SbHistoryEntryState state)
{
  return state == SB_HISTORY_ENTRY_DONE || state == SB_HISTORY_ENTRY_FAILED ||
         state == SB_HISTORY_ENTRY_CANCELLED || state == SB_HISTORY_ENTRY_EXPIRED;
}

/* FALSE for a word that is no state. */
static gboolean
state_from_nick (const char          *nick,
                 SbHistoryEntryState *state)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (SB_TYPE_HISTORY_ENTRY_STATE);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (states, nick) : NULL;

  if (value == NULL)
    return FALSE;
  *state = value->value;
  return TRUE;
}

/* A sweep's id is one of ours (letters, digits, dashes), its index one of
 * its kind's variants. */
static gboolean
read_sweep (JsonObject   *object,
            char        **id,
            SbSweepKind  *kind,
            guint        *index)
{
  g_autoptr(GEnumClass) kinds = g_type_class_ref (SB_TYPE_SWEEP_KIND);
  const char *text = object != NULL ? sb_json_get_string (object, "id") : NULL;
  const char *nick = object != NULL ? sb_json_get_string (object, "kind") : NULL;
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (kinds, nick) : NULL;
  gint64 position;

  if (text == NULL || *text == '\0' || strlen (text) > 64 || value == NULL || value->value == SB_SWEEP_NONE ||
      !sb_json_get_int (object, "index", &position) || position < 0 ||
      position >= sb_sweep_get_n_variants (value->value))
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-')
      return FALSE;

  *id = g_strdup (text);
  *kind = value->value;
  *index = position;
  return TRUE;
}

/* Damaged entries are set aside (the caller warns), never half-read. */
static SbHistoryEntry *
damaged (GFile       *file,
         const char  *why,
         GError     **error)
{
  g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The history entry %s is damaged: %s"),
               g_file_peek_path (file), why);
  return NULL;
}

/* Reads a generation's folder (blocking: call from a worker thread). */
SbHistoryEntry *
sb_history_entry_load (GFile   *directory,
                       GError **error)
{
  g_autoptr(GFile) file = g_file_get_child (directory, "entry.json");
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) contents = sb_bounded_file_read (file, SB_ENTRY_MAX_BYTES, NULL, &read_error);

  if (contents == NULL)
    return damaged (file, read_error->message, error);

  return sb_history_entry_load_from_data (directory, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents),
                                          error);
}

/* The same from entry.json's contents, for the loader's fuzzer too: what
 * is not an entry we wrote is refused as damaged, never half-read. */
SbHistoryEntry *
sb_history_entry_load_from_data (GFile       *directory,
                                 const char  *contents,
                                 gsize        length,
                                 GError     **error)
{
  g_autoptr(GFile) file = g_file_get_child (directory, "entry.json");
  g_autoptr(SbHistoryEntry) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object, *failure;
  JsonArray *images, *failures;
  gint64 version = 0, created_at = 0, task_created_at = 0, now;
  SbHistoryEntryState state;
  g_autofree char *sweep_id = NULL;
  SbSweepKind sweep_kind = SB_SWEEP_NONE;
  guint sweep_index = 0;

  if (length > SB_ENTRY_MAX_BYTES)
    return damaged (file, _("larger than it can be"), error);
  root = sb_json_parse (contents, length, NULL);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !sb_json_get_int (object, "version", &version) || version != FORMAT_VERSION)
    return damaged (file, _("not an entry of this version"), error);
  if (!state_from_nick (sb_json_get_string (object, "state"), &state))
    return damaged (file, _("no known state"), error);
  if (json_object_has_member (object, "sweep") &&
      !read_sweep (sb_json_get_object (object, "sweep"), &sweep_id, &sweep_kind, &sweep_index))
    return damaged (file, _("not a valid sweep"), error);
  if (!sb_json_get_int (object, "created_at", &created_at) || created_at < 0 ||
      (json_object_has_member (object, "task_created_at") &&
       (!sb_json_get_int (object, "task_created_at", &task_created_at) || task_created_at < 0)))
    return damaged (file, _("no valid times"), error);

  self = g_object_new (SB_TYPE_HISTORY_ENTRY, NULL);
  self->directory = g_object_ref (directory);
  self->params = sb_params_new_from_json (json_object_get_member (object, "params"), error);
  if (self->params == NULL)
    return NULL;
  /* What resuming an unfinished generation needs: once past the upload,
   * the sketch's address (an engine that took the sketch inline has none). */
  if (!state_is_finished (state) && state != SB_HISTORY_ENTRY_QUEUED && state != SB_HISTORY_ENTRY_UPLOADING &&
      sb_params_get_engine (self->params)->travel == SB_IMAGE_BY_URL &&
      (sb_json_get_string (object, "sketch_url") == NULL || *sb_json_get_string (object, "sketch_url") == '\0'))
    return damaged (file, _("unfinished, without the sketch’s address"), error);

  /* A clock that was ahead when the entry was written: not in the future,
   * or a task would never be polled. */
  now = g_get_real_time ();
  self->created_at = MIN (created_at, now);
  self->task_created_at = MIN (task_created_at, now);
  self->sketch_url = g_strdup (sb_json_get_string (object, "sketch_url"));
  /* Entries before the method was kept had their sketch uploaded. */
  if (!sb_upload_method_from_nick (sb_json_get_string (object, "upload_method"), &self->upload_method))
    self->upload_method = SB_UPLOAD_METHOD_DASHSCOPE;
  self->state = state;
  /* Read back as carefully as from the service: the file may have been
   * edited, and its words reach a terminal and an address. */
  if (sb_json_get_string (object, "task_id") != NULL && !sb_error_is_safe_id (sb_json_get_string (object, "task_id")))
    return damaged (file, _("no valid task id"), error);
  self->task_id = g_strdup (sb_json_get_string (object, "task_id"));
  self->task_status_known = sb_task_status_from_string (sb_json_get_string (object, "task_status"), &self->task_status);
  self->sweep_id = g_steal_pointer (&sweep_id);
  /* An edit names its picture's generation and the picture: names of
   * files in folders beside it, so nothing but safe names. ("enlarges"
   * before there were other edits.) */
  if (json_object_has_member (object, "parent") || json_object_has_member (object, "enlarges"))
    {
      JsonObject *lineage = sb_json_get_object (object, json_object_has_member (object, "parent") ? "parent" : "enlarges");
      const char *parent = lineage != NULL ? sb_json_get_string (lineage, "entry") : NULL;
      const char *image = lineage != NULL ? sb_json_get_string (lineage, "image") : NULL;

      if (!sb_error_is_safe_id (parent) || !sb_error_is_safe_id (image))
        return damaged (file, _("not a valid parent picture"), error);
      self->parent_entry = g_strdup (parent);
      self->parent_image = g_strdup (image);
    }
  self->sweep_kind = sweep_kind;
  self->sweep_index = sweep_index;
  self->request_id = sb_error_clean_id (sb_json_get_string (object, "request_id"), NULL);

  images = sb_json_get_array (object, "images");
  for (guint i = 0; images != NULL && i < json_array_get_length (images); i++)
    {
      JsonNode *node = json_array_get_element (images, i);
      const char *name = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;

      /* A name, never a path: nothing outside the folder. */
      if (name != NULL && strchr (name, '/') == NULL && *name != '.')
        g_ptr_array_add (self->images, g_strdup (name));
    }

  failures = sb_json_get_array (object, "failures");
  for (guint i = 0; failures != NULL && i < json_array_get_length (failures); i++)
    if (i < SB_IMAGE_COUNT_MAX && JSON_NODE_HOLDS_OBJECT (json_array_get_element (failures, i)) &&
        (failure = json_array_get_object_element (failures, i)) != NULL)
      {
        g_autofree char *code = sb_error_clean_text (sb_json_get_string (failure, "code"), NULL);
        g_autofree char *message = sb_error_clean_text (sb_json_get_string (failure, "message"), NULL);
        gint64 index = 0;

        sb_json_get_int (failure, "index", &index);
        sb_history_entry_add_failure (self, CLAMP (index, 0, SB_IMAGE_COUNT_MAX), code, message);
      }

  if ((failure = sb_json_get_object (object, "error")) != NULL)
    {
      self->error_code = sb_error_clean_text (sb_json_get_string (failure, "code"), NULL);
      self->error_message = sb_error_clean_text (sb_json_get_string (failure, "message"), NULL);
      self->error_request_id = sb_error_clean_id (sb_json_get_string (failure, "request_id"), NULL);
      self->error_in_preferences = json_object_get_boolean_member_with_default (failure, "fixed_in_preferences", FALSE);
    }

  return g_steal_pointer (&self);
}

GFile *
sb_history_entry_get_directory (SbHistoryEntry *self)
{
  return self->directory;
}

SbParams *
sb_history_entry_get_params (SbHistoryEntry *self)
{
  return self->params;
}

const char *
sb_history_entry_get_sketch_url (SbHistoryEntry *self)
{
  return self->sketch_url;
}

/* How the sketch went online (a sketch already online was never kept). */
SbUploadMethod
sb_history_entry_get_upload_method (SbHistoryEntry *self)
{
  return self->upload_method;
}

SbHistoryEntryState
sb_history_entry_get_state (SbHistoryEntry *self)
{
  return self->state;
}

/* The same state, as the history keeps it. */
SbHistoryEntryState
sb_history_entry_state_from_job (SbJobState state)
{
  G_STATIC_ASSERT ((int) SB_HISTORY_ENTRY_CANCELLED == (int) SB_JOB_CANCELLED);

  return (SbHistoryEntryState) state;
}

void
sb_history_entry_set_state (SbHistoryEntry      *self,
                            SbHistoryEntryState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
sb_history_entry_get_task_id (SbHistoryEntry *self)
{
  return self->task_id;
}

void
sb_history_entry_set_task (SbHistoryEntry *self,
                           const char     *task_id,
                           const char     *request_id,
                           gint64          created_at)
{
  g_free (self->task_id);
  self->task_id = g_strdup (task_id);
  g_free (self->request_id);
  self->request_id = g_strdup (request_id);
  self->task_created_at = created_at;
}

/* What the service last said of the task: whether it can still give pictures. */
void
sb_history_entry_set_task_status (SbHistoryEntry *self,
                                  SbTaskStatus    status)
{
  self->task_status = status;
  self->task_status_known = TRUE;
}

/**
 * sb_history_entry_has_open_task:
 * @now: g_get_real_time()
 *
 * Whether the entry's task may still give pictures: the service has it
 * (under 24 hours old) and has not said it failed, was cancelled or is
 * unknown; nor was it given up here. Such a task is polled again, never
 * made again: it is paid for.
 */
gboolean
sb_history_entry_has_open_task (SbHistoryEntry *self,
                                gint64          now)
{
  if (self->task_id == NULL || now - self->task_created_at >= SB_TASK_LIFETIME_US ||
      self->state == SB_HISTORY_ENTRY_CANCELLED || self->state == SB_HISTORY_ENTRY_EXPIRED)
    return FALSE;
  /* Older entries did not keep the status: only an unfinished one is open. */
  if (!self->task_status_known)
    return !state_is_finished (self->state);
  return !sb_task_status_is_final (self->task_status) || self->state == SB_HISTORY_ENTRY_INCOMPLETE;
}

gint64
sb_history_entry_get_created_at (SbHistoryEntry *self)
{
  return self->created_at;
}

gint64
sb_history_entry_get_task_created_at (SbHistoryEntry *self)
{
  return self->task_created_at;
}

/* Returns: (transfer full): the basenames of the saved images */
GStrv
sb_history_entry_get_images (SbHistoryEntry *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv images;

  for (guint i = 0; i < self->images->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->images, i));
  images = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return images;
}

void
sb_history_entry_add_image (SbHistoryEntry *self,
                            const char     *basename)
{
  for (guint i = 0; i < self->images->len; i++)
    if (g_str_equal (g_ptr_array_index (self->images, i), basename))
      return;

  g_ptr_array_add (self->images, g_strdup (basename));
}

/* Forgets one image (its file is the caller's to delete). */
gboolean
sb_history_entry_remove_image (SbHistoryEntry *self,
                               const char     *basename)
{
  for (guint i = 0; i < self->images->len; i++)
    if (g_str_equal (g_ptr_array_index (self->images, i), basename))
      {
        g_ptr_array_remove_index (self->images, i);
        return TRUE;
      }

  return FALSE;
}

void
sb_history_entry_add_failure (SbHistoryEntry *self,
                              guint           index,
                              const char     *code,
                              const char     *message)
{
  JsonObject *failure = json_object_new ();

  json_object_set_int_member (failure, "index", index);
  json_object_set_string_member (failure, "code", code);
  json_object_set_string_member (failure, "message", message != NULL ? message : "");
  if (self->failures == NULL)
    self->failures = json_array_new ();
  json_array_add_object_element (self->failures, failure);
}

/* A result DashScope made that could not be saved: kept with its address,
 * so the next start (or resume) fetches it again while the address is valid. */
void
sb_history_entry_add_download_failure (SbHistoryEntry *self,
                                       guint           index,
                                       const char     *url,
                                       const GError   *error)
{
  sb_history_entry_add_failure (self, index, "DownloadFailed", error->message);
  if (url != NULL)
    json_object_set_string_member (json_array_get_object_element (self->failures,
                                                                  json_array_get_length (self->failures) - 1),
                                   "url", url);
}

/* Before fetching them again. */
void
sb_history_entry_clear_download_failures (SbHistoryEntry *self)
{
  for (guint i = self->failures != NULL ? json_array_get_length (self->failures) : 0; i > 0; i--)
    {
      JsonObject *failure = json_array_get_object_element (self->failures, i - 1);

      if (g_strcmp0 (sb_json_get_string (failure, "code"), "DownloadFailed") == 0)
        json_array_remove_element (self->failures, i - 1);
    }
}

/* Resumed: the reason it stopped no longer stands. */
void
sb_history_entry_clear_error (SbHistoryEntry *self)
{
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->error_request_id, g_free);
  self->error_in_preferences = FALSE;
}

void
sb_history_entry_set_error (SbHistoryEntry *self,
                            const GError   *error)
{
  g_free (self->error_code);
  g_free (self->error_message);
  g_free (self->error_request_id);
  self->error_code = g_strdup (sb_error_get_service_code (error));
  self->error_message = g_strdup (error->message);
  self->error_request_id = g_strdup (sb_error_get_request_id (error));
  self->error_in_preferences = sb_error_is_fixed_in_preferences (error);
}

/* The error is one a setting fixes (the key, the upload). */
gboolean
sb_history_entry_get_error_in_preferences (SbHistoryEntry *self)
{
  return self->error_message != NULL && self->error_in_preferences;
}

/* Retry has something to do: pictures made but not saved to fetch again,
 * or a generation that ended without any picture to make again. */
gboolean
sb_history_entry_can_retry (SbHistoryEntry *self)
{
  if (self->state == SB_HISTORY_ENTRY_INCOMPLETE)
    return TRUE;
  return state_is_finished (self->state) && self->state != SB_HISTORY_ENTRY_DONE && self->images->len == 0;
}

/* A failure with nothing of it to keep: finished, no picture, and no task
 * the service may still finish. It can leave the gallery, files and all. */
gboolean
sb_history_entry_can_dismiss (SbHistoryEntry *self,
                              gint64          now)
{
  g_return_val_if_fail (SB_IS_HISTORY_ENTRY (self), FALSE);

  return state_is_finished (self->state) && self->images->len == 0 && !sb_history_entry_has_open_task (self, now);
}

/* Nothing more will happen to it. */
gboolean
sb_history_entry_is_finished (SbHistoryEntry *self)
{
  return state_is_finished (self->state);
}

/* Returns: (transfer full): "CODE: message" for each image that failed */
GStrv
sb_history_entry_get_failures (SbHistoryEntry *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv failures;

  for (guint i = 0; self->failures != NULL && i < json_array_get_length (self->failures); i++)
    {
      JsonObject *failure = json_array_get_object_element (self->failures, i);
      const char *code = sb_json_get_string (failure, "code");
      const char *known = sb_error_describe_service_code (code);
      /* Our words for a code we know; the service's only for one we do not. */
      g_autofree char *text = known != NULL ? g_strdup (known)
                                            : g_strdup_printf ("%s: %s", code, sb_json_get_string (failure, "message"));

      g_strv_builder_add (builder, text);
    }
  failures = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return failures;
}

/* Its sketch went online (or was online from the start). */
void
sb_history_entry_set_sketch_url (SbHistoryEntry *self,
                                 const char     *sketch_url)
{
  g_free (self->sketch_url);
  self->sketch_url = g_strdup (sketch_url);
}

/* One of a sweep's variants; @id is shared by all of them. */
void
sb_history_entry_set_sweep (SbHistoryEntry *self,
                            const char     *id,
                            SbSweepKind     kind,
                            guint           index)
{
  g_return_if_fail (id == NULL || index < sb_sweep_get_n_variants (kind));

  g_free (self->sweep_id);
  self->sweep_id = g_strdup (id);
  self->sweep_kind = id != NULL ? kind : SB_SWEEP_NONE;
  self->sweep_index = id != NULL ? index : 0;
}

/* Returns: (nullable): the sweep this is a variant of */
const char *
sb_history_entry_get_sweep_id (SbHistoryEntry *self)
{
  return self->sweep_id;
}

SbSweepKind
sb_history_entry_get_sweep_kind (SbHistoryEntry *self)
{
  return self->sweep_kind;
}

guint
sb_history_entry_get_sweep_index (SbHistoryEntry *self)
{
  return self->sweep_index;
}

/* Made again from the start (Retry after a failure): a new task, so the
 * old task, its error and its failures go; pictures already saved stay. */
void
sb_history_entry_restart (SbHistoryEntry *self)
{
  g_clear_pointer (&self->task_id, g_free);
  g_clear_pointer (&self->request_id, g_free);
  self->task_created_at = 0;
  self->task_status_known = FALSE;
  g_clear_pointer (&self->error_code, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->error_request_id, g_free);
  g_clear_pointer (&self->failures, json_array_unref);
  sb_history_entry_set_state (self, SB_HISTORY_ENTRY_QUEUED);
}

/**
 * sb_history_entry_estimate_progress:
 * @typical_seconds: how long a task typically takes at DashScope
 * @now: g_get_real_time()
 *
 * An estimate of how far the generation is, from 0 to 1, for a progress
 * bar: small steps before the task exists, then the time the task has run
 * against the typical one, slowing to a crawl (never full) past it.
 */
double
sb_history_entry_estimate_progress (SbHistoryEntry *self,
                                    double          typical_seconds,
                                    gint64          now)
{
  double elapsed, share;

  switch (self->state)
    {
    case SB_HISTORY_ENTRY_QUEUED:
      return 0.02;
    case SB_HISTORY_ENTRY_UPLOADING:
      return 0.05;
    case SB_HISTORY_ENTRY_SUBMITTING:
      return 0.08;
    case SB_HISTORY_ENTRY_PENDING:
    case SB_HISTORY_ENTRY_RUNNING:
      elapsed = self->task_created_at > 0 ? MAX (0, now - self->task_created_at) / (double) G_USEC_PER_SEC : 0;
      share = elapsed / MAX (typical_seconds, 1);
      /* Linear to 90 % of the typical time, then ever slower. */
      if (share > 0.9)
        share = 0.9 + 0.09 * (1 - exp (-(share - 0.9) * 3));
      return 0.1 + 0.8 * share;
    case SB_HISTORY_ENTRY_DOWNLOADING:
      return 0.93;
    case SB_HISTORY_ENTRY_DONE:
    case SB_HISTORY_ENTRY_FAILED:
    case SB_HISTORY_ENTRY_CANCELLED:
    case SB_HISTORY_ENTRY_EXPIRED:
    case SB_HISTORY_ENTRY_INCOMPLETE:
    default:
      return 1;
    }
}

/* What went wrong with the whole generation, or NULL. */
const char *
sb_history_entry_get_error (SbHistoryEntry *self)
{
  return self->error_message;
}

/**
 * sb_history_entry_set_parent:
 * @parent: the folder name of the generation whose picture this edits
 *   (enlarges, repaints, extends, colours or changes)
 * @image: that picture's file name
 *
 * Marks @self as an edit of that picture: the gallery shows it under
 * @parent's row, and it stays when @parent is deleted.
 */
void
sb_history_entry_set_parent (SbHistoryEntry *self,
                             const char     *parent,
                             const char     *image)
{
  g_return_if_fail (SB_IS_HISTORY_ENTRY (self));
  g_return_if_fail (sb_error_is_safe_id (parent) && sb_error_is_safe_id (image));

  g_free (self->parent_entry);
  g_free (self->parent_image);
  self->parent_entry = g_strdup (parent);
  self->parent_image = g_strdup (image);
}

/* The folder name of the generation whose picture this edits, or NULL. */
const char *
sb_history_entry_get_parent_entry (SbHistoryEntry *self)
{
  g_return_val_if_fail (SB_IS_HISTORY_ENTRY (self), NULL);

  return self->parent_entry;
}

const char *
sb_history_entry_get_parent_image (SbHistoryEntry *self)
{
  g_return_val_if_fail (SB_IS_HISTORY_ENTRY (self), NULL);

  return self->parent_image;
}

/**
 * sb_history_entry_suggest_name:
 * @basename: one of the entry's pictures
 *
 * A file name to save @basename under, read from the prompt and the
 * picture's place: "a-fox-in-the-snow-2.png". Letters and digits of any
 * script stay; everything else (slashes included) becomes one '-'; at most
 * 60 characters of the prompt; "sketchbloom-2.png" when nothing is left.
 *
 * Returns: (transfer full): the name
 */
char *
sb_history_entry_suggest_name (SbHistoryEntry *self,
                               const char     *basename)
{
  const char *prompt = sb_params_get_prompt (self->params);
  g_autoptr(GString) name = g_string_new (NULL);
  guint number = 1;
  guint kept = 0;
  gboolean gap = FALSE;

  g_return_val_if_fail (SB_IS_HISTORY_ENTRY (self), NULL);

  for (guint i = 0; i < self->images->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->images, i), basename) == 0)
      number = i + 1;

  for (const char *p = prompt != NULL && g_utf8_validate (prompt, -1, NULL) ? prompt : "";
       *p != '\0' && kept < 60; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      if (!g_unichar_isalnum (c))
        {
          gap = name->len > 0;
          continue;
        }
      if (gap && kept + 1 < 60)
        {
          g_string_append_c (name, '-');
          kept++;
        }
      gap = FALSE;
      g_string_append_unichar (name, c);
      kept++;
    }
  if (name->len == 0)
    g_string_append (name, "sketchbloom");
  g_string_append_printf (name, "-%u.png", number);
  return g_string_free (g_steal_pointer (&name), FALSE);
}
