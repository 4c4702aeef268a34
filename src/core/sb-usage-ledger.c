/* sb-usage-ledger.c: the images DashScope billed, kept apart from the gallery
 *
 * One record per task that made pictures: its id, when, and how many. The
 * meter counts these, so deleting pictures from the gallery does not lower
 * what the month cost. Kept in usage.json beside the history, written
 * atomically; a ledger that does not exist yet starts from the history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-usage-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "sb-atomic.h"
#include "sb-error.h"
#include "sb-history-entry.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-usage-ledger.h"

#define FORMAT_VERSION 1

struct _SbUsageLedger
{
  GObject     parent_instance;

  GFile      *file;
  GFile      *history;     /* to start from, when there is no ledger yet */
  GArray     *records;     /* of SbUsageRecord, oldest first */
  GHashTable *task_ids;    /* tasks already counted */
  gboolean    loading;
  gboolean    loaded;      /* until then, what is added waits to be saved */
  gboolean    saving;
  gboolean    dirty;       /* changed again while saving */
};

G_DEFINE_FINAL_TYPE (SbUsageLedger, sb_usage_ledger, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What is loaded or seeded, before it replaces the ledger's records. */
typedef struct {
  GArray    *records;
  GPtrArray *task_ids;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_array_unref (loaded->records);
  g_ptr_array_unref (loaded->task_ids);
  g_free (loaded);
}

static Loaded *
loaded_new (void)
{
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->records = g_array_new (FALSE, TRUE, sizeof (SbUsageRecord));
  loaded->task_ids = g_ptr_array_new_with_free_func (g_free);
  return loaded;
}

static void
loaded_add (Loaded     *loaded,
            const char *task_id,
            gint64      time,
            guint       images)
{
  SbUsageRecord record = { .time = time, .images = images };

  /* Over the limit, the newest replace the second oldest: the oldest says
   * when the free period began. */
  if (loaded->records->len >= SB_USAGE_MAX_RECORDS)
    {
      g_array_remove_index (loaded->records, 1);
      g_ptr_array_remove_index (loaded->task_ids, 1);
    }
  g_array_append_val (loaded->records, record);
  g_ptr_array_add (loaded->task_ids, g_strdup (task_id));
}

static GBytes *
serialize (SbUsageLedger *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;
  g_autofree const char **ids = g_new0 (const char *, self->records->len + 1);
  char *json;

  /* task_ids maps each id to its record's position + 1. */
  g_hash_table_iter_init (&iter, self->task_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ids[GPOINTER_TO_UINT (value) - 1] = key;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    {
      SbUsageRecord *record = &g_array_index (self->records, SbUsageRecord, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, record->time);
      json_builder_set_member_name (builder, "images");
      json_builder_add_int_value (builder, record->images);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

static void save (SbUsageLedger *self);

/* FALSE for a task counted already, or a ledger that is full. */
static gboolean
add_record (SbUsageLedger *self,
            const char    *task_id,
            gint64         time,
            guint          images)
{
  SbUsageRecord record = { .time = time, .images = images };

  if (g_hash_table_contains (self->task_ids, task_id) || self->records->len >= SB_USAGE_MAX_RECORDS)
    return FALSE;

  g_array_append_val (self->records, record);
  g_hash_table_insert (self->task_ids, g_strdup (task_id), GUINT_TO_POINTER (self->records->len));
  return TRUE;
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SbUsageLedger) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_atomic_write_finish (result, &error))
    g_warning ("Could not save the usage ledger: %s", error->message);
  self->saving = FALSE;
  if (self->dirty)
    save (self);
}

/* One write at a time, the newest last. */
static void
save (SbUsageLedger *self)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->saving)
    {
      self->dirty = TRUE;
      return;
    }
  self->saving = TRUE;
  self->dirty = FALSE;
  bytes = serialize (self);
  sb_atomic_write_async (self->file, bytes, NULL, on_saved, g_object_ref (self));
}

/* The loaded records first, then what was added before they came. */
static void
merge_records (SbUsageLedger *self,
               Loaded        *loaded)
{
  g_autoptr(GArray) added = g_steal_pointer (&self->records);
  g_autoptr(GHashTable) added_ids = g_steal_pointer (&self->task_ids);
  GHashTableIter iter;
  gpointer key, value;

  self->records = g_array_new (FALSE, TRUE, sizeof (SbUsageRecord));
  self->task_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < loaded->records->len; i++)
    add_record (self, g_ptr_array_index (loaded->task_ids, i),
                         g_array_index (loaded->records, SbUsageRecord, i).time,
                         g_array_index (loaded->records, SbUsageRecord, i).images);
  g_hash_table_iter_init (&iter, added_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_record (self, key, g_array_index (added, SbUsageRecord, GPOINTER_TO_UINT (value) - 1).time,
                g_array_index (added, SbUsageRecord, GPOINTER_TO_UINT (value) - 1).images);
}

/* Reads usage.json: at most SB_USAGE_MAX_BYTES, records that are whole. */
static Loaded *
read_ledger (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *records;
  gint64 version = 0;
  gsize length;
  Loaded *loaded;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > SB_USAGE_MAX_BYTES)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The usage ledger %s is larger than it can be"),
                   g_file_peek_path (file));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  root = sb_json_parse (contents, length, NULL);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  records = object != NULL ? sb_json_get_array (object, "records") : NULL;
  if (records == NULL || !sb_json_get_int (object, "version", &version) || version != FORMAT_VERSION)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("The usage ledger %s is damaged"),
                   g_file_peek_path (file));
      return NULL;
    }

  loaded = loaded_new ();
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *task_id = record != NULL ? sb_json_get_string (record, "task_id") : NULL;
      gint64 time = 0, images = 0;

      /* A record that is not whole counts for nothing. */
      if (task_id == NULL || !sb_json_get_int (record, "time", &time) || time < 0 ||
          !sb_json_get_int (record, "images", &images) || images < 0 || images > SB_IMAGE_COUNT_MAX)
        continue;
      loaded_add (loaded, task_id, time, images);
    }
  return loaded;
}

/* Each generation in the history folder that made pictures, as the
 * gallery has them: where a new ledger starts. */
static Loaded *
read_history (GFile        *history,
              GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (history, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                   cancellable, NULL);
  Loaded *loaded = loaded_new ();
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      g_autoptr(GFile) directory = g_file_get_child (history, g_file_info_get_name (info));
      g_autoptr(SbHistoryEntry) entry = sb_history_entry_load (directory, NULL);

      g_object_unref (info);
      if (entry != NULL && sb_history_entry_get_task_id (entry) != NULL)
        {
          g_auto(GStrv) images = sb_history_entry_get_images (entry);

          if (images[0] != NULL)
            loaded_add (loaded, sb_history_entry_get_task_id (entry), sb_history_entry_get_created_at (entry),
                        g_strv_length (images));
        }
    }
  return loaded;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SbUsageLedger *self = source_object;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = read_ledger (self->file, cancellable, &error);

  /* None yet, or one that cannot be read: what the history holds is where
   * it starts (again). */
  if (loaded == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Starting the usage ledger again from the history: %s", error->message);
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      loaded = read_history (self->history, cancellable);
      g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);   /* new: to be written */
      /* Where it will be written (a first start has no folder yet). */
      g_file_make_directory_with_parents (folder, cancellable, NULL);
    }
  if (loaded == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/**
 * sb_usage_ledger_load_async:
 *
 * Reads the ledger, or starts one from the history folder if there is
 * none. What was added meanwhile is kept, and saved with it.
 */
void
sb_usage_ledger_load_async (SbUsageLedger       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->loading = TRUE;
  g_task_run_in_thread (task, load_thread);
}

gboolean
sb_usage_ledger_load_finish (SbUsageLedger  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  gboolean fresh = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  gboolean added_meanwhile = self->records->len > 0;
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), error);

  self->loading = FALSE;
  if (loaded == NULL)
    return FALSE;

  self->loaded = TRUE;
  merge_records (self, loaded);
  loaded_free (loaded);
  if ((fresh && self->records->len > 0) || added_meanwhile)
    save (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * sb_usage_ledger_add:
 * @task_id: the task; each is counted once
 * @images: the pictures it made
 *
 * Counts a finished task, and saves the ledger.
 *
 * Returns: FALSE if @task_id was counted already
 */
gboolean
sb_usage_ledger_add (SbUsageLedger *self,
                     const char    *task_id,
                     gint64         time,
                     guint          images)
{
  g_return_val_if_fail (SB_IS_USAGE_LEDGER (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);

  if (!add_record (self, task_id, time, images))
    return FALSE;
  if (self->loaded)
    save (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
sb_usage_ledger_compute (SbUsageLedger *self,
                         GDateTime     *now,
                         SbUsage       *usage)
{
  g_return_if_fail (SB_IS_USAGE_LEDGER (self));

  sb_usage_compute ((SbUsageRecord *) self->records->data, self->records->len, now, usage);
}

/* Being read or written: wait before quitting (what was added while it
 * was read is written once it has been). */
gboolean
sb_usage_ledger_get_busy (SbUsageLedger *self)
{
  return self->loading || self->saving;
}

static void
sb_usage_ledger_finalize (GObject *object)
{
  SbUsageLedger *self = SB_USAGE_LEDGER (object);

  g_clear_object (&self->file);
  g_clear_object (&self->history);
  g_clear_pointer (&self->records, g_array_unref);
  g_clear_pointer (&self->task_ids, g_hash_table_unref);

  G_OBJECT_CLASS (sb_usage_ledger_parent_class)->finalize (object);
}

static void
sb_usage_ledger_class_init (SbUsageLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_usage_ledger_finalize;

  /**
   * SbUsageLedger::changed:
   *
   * Records were loaded or added: the meter should be computed again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sb_usage_ledger_init (SbUsageLedger *self)
{
  self->records = g_array_new (FALSE, TRUE, sizeof (SbUsageRecord));
  self->task_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * sb_usage_ledger_new:
 * @file: usage.json
 * @history: the history folder, to start from when there is no ledger yet
 */
SbUsageLedger *
sb_usage_ledger_new (GFile *file,
                     GFile *history)
{
  SbUsageLedger *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (G_IS_FILE (history), NULL);

  self = g_object_new (SB_TYPE_USAGE_LEDGER, NULL);
  self->file = g_object_ref (file);
  self->history = g_object_ref (history);
  return self;
}
