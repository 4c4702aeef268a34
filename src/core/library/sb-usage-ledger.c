/* sb-usage-ledger.c: the images DashScope billed, kept apart from the gallery
 *
 * One record per task that made pictures: its id, when, and how many. The
 * meter counts these, so deleting pictures from the gallery does not lower
 * what the month cost. Kept in usage.json beside the history, written
 * atomically; a ledger that does not exist yet starts from the history.
 * Several processes (the app, CLIs) share it: each write happens under
 * usage.json.lock, re-reads the file and merges, so no record is lost; a
 * damaged file is set aside, never overwritten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* O_CLOEXEC, O_NOFOLLOW, flock under -std=c11 */
#define G_LOG_DOMAIN "sb-usage-ledger"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sb-atomic.h"
#include "sb-bounded-file.h"
#include "sb-error.h"
#include "sb-history-entry.h"
#include "sb-json.h"
#include "sb-limits.h"
#include "sb-usage-ledger.h"

#define FORMAT_VERSION 1
#define LOCK_WAIT_US (10 * G_USEC_PER_SEC)   /* another writer holds it at most a write's time */

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
  gboolean    said_full;   /* the record bound was reached, and said */
};

G_DEFINE_FINAL_TYPE (SbUsageLedger, sb_usage_ledger, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_FULL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
            const char *model,
            gint64      time,
            guint       images)
{
  SbUsageRecord record = { .time = time, .images = images, .model = g_intern_string (model) };

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
serialize (Loaded *loaded)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < loaded->records->len; i++)
    {
      SbUsageRecord *record = &g_array_index (loaded->records, SbUsageRecord, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, g_ptr_array_index (loaded->task_ids, i));
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, record->time);
      json_builder_set_member_name (builder, "images");
      json_builder_add_int_value (builder, record->images);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, record->model);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  return g_bytes_new_take (json, strlen (json));
}

/* The ledger's records in order, as a Loaded (for a worker thread). */
static Loaded *
snapshot (SbUsageLedger *self)
{
  Loaded *loaded = loaded_new ();
  GHashTableIter iter;
  gpointer key, value;

  /* task_ids maps each id to its record's position + 1. */
  g_array_append_vals (loaded->records, self->records->data, self->records->len);
  g_ptr_array_set_size (loaded->task_ids, self->records->len);
  g_hash_table_iter_init (&iter, self->task_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_ptr_array_index (loaded->task_ids, GPOINTER_TO_UINT (value) - 1) = g_strdup (key);
  return loaded;
}

/* @first's records, then those of @then it lacks: each task once. */
static Loaded *
loaded_merge (Loaded *first,
              Loaded *then)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Loaded *merged = loaded_new ();
  Loaded *parts[] = { first, then };

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    for (guint i = 0; i < parts[p]->records->len; i++)
      {
        const char *id = g_ptr_array_index (parts[p]->task_ids, i);
        SbUsageRecord *record = &g_array_index (parts[p]->records, SbUsageRecord, i);

        if (id == NULL || !g_hash_table_add (seen, (gpointer) id))
          continue;
        loaded_add (merged, id, record->model, record->time, record->images);
      }
  return merged;
}

static void save (SbUsageLedger *self);

/* Full: the second oldest goes (the oldest says when the free period
 * began), so the newest task still counts; said once. */
static void
make_room (SbUsageLedger *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (!self->said_full)
    {
      g_warning ("The usage ledger holds %d records, its most: older ones are dropped to count new ones",
                 SB_USAGE_MAX_RECORDS);
      self->said_full = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL]);
    }

  g_array_remove_index (self->records, 1);
  g_hash_table_iter_init (&iter, self->task_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (value);

      if (position == 2)
        g_hash_table_iter_remove (&iter);
      else if (position > 2)
        g_hash_table_iter_replace (&iter, GUINT_TO_POINTER (position - 1));
    }
}

/* FALSE for a task counted already. */
static gboolean
add_record (SbUsageLedger *self,
            const char    *task_id,
            const char    *model,
            gint64         time,
            guint          images)
{
  SbUsageRecord record = { .time = time, .images = images, .model = g_intern_string (model) };

  if (g_hash_table_contains (self->task_ids, task_id))
    return FALSE;
  if (self->records->len >= SB_USAGE_MAX_RECORDS)
    make_room (self);

  g_array_append_val (self->records, record);
  g_hash_table_insert (self->task_ids, g_strdup (task_id), GUINT_TO_POINTER (self->records->len));
  return TRUE;
}

static void merge_records (SbUsageLedger *self, Loaded *loaded);
static Loaded *read_locked (GFile *file, GFile *history, gboolean *fresh, GCancellable *cancellable, GError **error);

/* usage.json.lock, held (flock) while the ledger is read and written. */
static int
lock_ledger (GFile   *file,
             GError **error)
{
  g_autofree char *path = g_strconcat (g_file_peek_path (file), ".lock", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_US;
  int fd;

  g_mkdir_with_parents (folder, 0700);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("The usage ledger cannot be locked: %s"),
                   g_strerror (saved));
      return -1;
    }
  /* Never for ever: a writer that hangs does not hang everyone. */
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The usage ledger is kept busy by another Sketchbloom"));
          close (fd);
          return -1;
        }
      g_usleep (20 * 1000);
    }
  return fd;
}

static void
unlock_ledger (int fd)
{
  flock (fd, LOCK_UN);
  close (fd);
}

typedef struct {
  GFile  *file;
  GFile  *history;
  Loaded *ours;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->file);
  g_object_unref (job->history);
  loaded_free (job->ours);
  g_free (job);
}

/* In a worker thread, under the lock: the file as it is now (another
 * process may have added to it), merged with ours, written back. */
static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  Loaded *on_disk = NULL;
  Loaded *merged = NULL;
  gboolean fresh;
  int lock = lock_ledger (job->file, &error);

  if (lock >= 0 && (on_disk = read_locked (job->file, job->history, &fresh, cancellable, &error)) != NULL)
    {
      merged = loaded_merge (on_disk, job->ours);
      bytes = serialize (merged);
      if (!sb_atomic_write (job->file, bytes, &error))
        g_clear_pointer (&merged, loaded_free);
    }
  if (lock >= 0)
    unlock_ledger (lock);
  g_clear_pointer (&on_disk, loaded_free);

  if (merged == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, merged, (GDestroyNotify) loaded_free);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SbUsageLedger) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *merged = g_task_propagate_pointer (G_TASK (result), &error);

  if (merged == NULL)
    g_warning ("Could not save the usage ledger: %s", error->message);
  else
    {
      /* What the others counted, and what was added here meanwhile. */
      guint before = self->records->len;

      merge_records (self, merged);
      loaded_free (merged);
      if (self->records->len != before)
        g_signal_emit (self, signals[CHANGED], 0);
    }
  self->saving = FALSE;
  if (self->dirty)
    save (self);
}

/* One write at a time, the newest last; the thread gets a copy. */
static void
save (SbUsageLedger *self)
{
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  if (self->saving)
    {
      self->dirty = TRUE;
      return;
    }
  self->saving = TRUE;
  self->dirty = FALSE;

  job = g_new0 (SaveJob, 1);
  job->file = g_object_ref (self->file);
  job->history = g_object_ref (self->history);
  job->ours = snapshot (self);
  task = g_task_new (self, NULL, on_saved, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
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
                g_array_index (loaded->records, SbUsageRecord, i).model,
                g_array_index (loaded->records, SbUsageRecord, i).time,
                         g_array_index (loaded->records, SbUsageRecord, i).images);
  g_hash_table_iter_init (&iter, added_ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_record (self, key, g_array_index (added, SbUsageRecord, GPOINTER_TO_UINT (value) - 1).model,
                g_array_index (added, SbUsageRecord, GPOINTER_TO_UINT (value) - 1).time,
                g_array_index (added, SbUsageRecord, GPOINTER_TO_UINT (value) - 1).images);
}

/* Reads usage.json: at most SB_USAGE_MAX_BYTES, records that are whole. */
static Loaded *
read_ledger (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *records;
  gint64 version = 0;
  Loaded *loaded;

  contents = sb_bounded_file_read (file, SB_USAGE_MAX_BYTES, cancellable, error);
  if (contents == NULL)
    return NULL;

  root = sb_json_parse (g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), NULL);
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
      /* Records from before there were engines are all the first's. */
      const char *model = record != NULL && json_object_has_member (record, "model")
                          ? sb_json_get_string (record, "model") : sb_engine_get_default ()->model;
      gint64 time = 0, images = 0;

      /* A record that is not whole counts for nothing; a model no engine
       * has (a newer Sketchbloom's) has no price here. */
      if (!sb_error_is_safe_id (task_id) || !sb_json_get_int (record, "time", &time) || time < 0 ||
          !sb_json_get_int (record, "images", &images) || images < 0 || images > SB_IMAGE_COUNT_MAX ||
          sb_usage_find_engine (model) == NULL)
        continue;
      loaded_add (loaded, task_id, model, time, images);
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
            loaded_add (loaded, sb_history_entry_get_task_id (entry),
                        sb_params_get_engine (sb_history_entry_get_params (entry))->model,
                        sb_history_entry_get_created_at (entry),
                        g_strv_length (images));
        }
    }
  return loaded;
}

/* Under the lock: the ledger on disk. None yet, or one that cannot be
 * read: what the history holds is where it starts (again), and a damaged
 * one is first set aside beside it (usage.json.damaged-TIME), like a
 * damaged sketch: its records may matter to someone. */
static Loaded *
read_locked (GFile         *file,
             GFile         *history,
             gboolean      *fresh,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Loaded *loaded = read_ledger (file, cancellable, &local_error);

  *fresh = FALSE;
  if (loaded != NULL)
    return loaded;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *name = g_strdup_printf ("%s.damaged-%" G_GINT64_FORMAT, g_file_peek_path (file),
                                               g_get_real_time ());
      g_autoptr(GError) move_error = NULL;
      g_autoptr(GFile) aside = g_file_new_for_path (name);

      if (!g_file_move (file, aside, G_FILE_COPY_NOFOLLOW_SYMLINKS, cancellable, NULL, NULL, &move_error))
        {
          /* Never replaced unseen: if it cannot be moved, it is not written over. */
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT,
                       _("The usage ledger %s is damaged (%s) and could not be set aside: %s"),
                       g_file_peek_path (file), local_error->message, move_error->message);
          return NULL;
        }
      g_warning ("The usage ledger was damaged (%s): kept as %s, started again from the history",
                 local_error->message, name);
    }
  *fresh = TRUE;
  return read_history (history, cancellable);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SbUsageLedger *self = source_object;
  g_autoptr(GError) error = NULL;
  gboolean fresh = FALSE;
  Loaded *loaded = NULL;
  int lock = lock_ledger (self->file, &error);

  if (lock >= 0)
    {
      loaded = read_locked (self->file, self->history, &fresh, cancellable, &error);
      unlock_ledger (lock);
    }
  g_task_set_task_data (task, GINT_TO_POINTER (fresh), NULL);   /* new: to be written */
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
 * @model: the DashScope model that made them (each has its price and quota)
 * @images: the pictures it made
 *
 * Counts a finished task, and saves the ledger.
 *
 * Returns: FALSE if @task_id was counted already
 */
gboolean
sb_usage_ledger_add (SbUsageLedger *self,
                     const char    *task_id,
                     const char    *model,
                     gint64         time,
                     guint          images)
{
  g_return_val_if_fail (SB_IS_USAGE_LEDGER (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);
  g_return_val_if_fail (sb_usage_find_engine (model) != NULL, FALSE);

  if (!add_record (self, task_id, model, time, images))
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

gboolean
sb_usage_ledger_get_full (SbUsageLedger *self)
{
  g_return_val_if_fail (SB_IS_USAGE_LEDGER (self), FALSE);

  return self->said_full;
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
sb_usage_ledger_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SbUsageLedger *self = SB_USAGE_LEDGER (object);

  switch (prop_id)
    {
    case PROP_FULL:
      g_value_set_boolean (value, self->said_full);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_usage_ledger_class_init (SbUsageLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_usage_ledger_finalize;
  object_class->get_property = sb_usage_ledger_get_property;

  /**
   * SbUsageLedger:full:
   *
   * The ledger reached its record bound: older records are dropped so new
   * tasks still count. Becomes TRUE once, and says so once.
   */
  properties[PROP_FULL] =
    g_param_spec_boolean ("full", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
