--[[
lede.analysis -- the analysis model of a store: what the documents say, who
said it, when, and where they disagree. The report writers render it; the
JSON report is exactly it.

  local analysis = require "lede.analysis"
  local model = analysis.build(db, { summary_sentences = 3, keywords = 20,
                                     progress = function(stage, n) end })

Promise: one read of the store (lede.analysis.corpus), then each part of
the model from the parts before it; every item that states something
carries its evidence as { doc =, start =, ["end"] =, text = } (0-based byte
offsets, end exclusive, into the stored text), so each claim traces back to
its span. Fields (see the shared contract; more fields may be added, none
renamed):

  generated, lede_version, corpus = { documents, first_date, last_date, words }
  documents      store order: id, title, headline, byline, date, source,
                 words, summary
  people, orgs, places                      lede.analysis.entities
  quotes                                    lede.analysis.quotes
  timeline, unplaced, events                lede.analysis.timeline
  figures, disagreements                    lede.analysis.disagreements
  summaries, corpus_summary                 lede.summary
  keywords = { corpus =, documents = }      lede.keywords
  near_duplicates                           lede.duplicates

The store is read, never written. Missing values are lede.json.null.
]]

local lede = require "lede"
local C = require "lede.analysis.corpus"
local entities = require "lede.analysis.entities"
local quotes = require "lede.analysis.quotes"
local timeline = require "lede.analysis.timeline"
local disagreements = require "lede.analysis.disagreements"
local summary = require "lede.summary"
local keywords = require "lede.keywords"
local duplicates = require "lede.duplicates"

local NULL = lede.json.null

local M = {}

M.VERSION = "0.1.0"

local function now_utc()
  if os and os.date then return os.date("!%Y-%m-%dT%H:%M:%SZ") end
  return NULL
end

local function or_null(v)
  if v == nil then return NULL end
  return v
end

function M.build(db, opts)
  opts = opts or {}
  local progress = opts.progress or function() end
  local nsent = opts.summary_sentences or 3
  local nkw = opts.keywords or 20

  progress("read")
  local corpus = C.load(db, opts)
  local model = {
    generated = opts.generated or now_utc(),
    lede_version = type(lede.version) == "string" and lede.version or M.VERSION,
  }

  progress("entities")
  local ent = entities.build(corpus)
  model.people, model.orgs, model.places = ent.people, ent.orgs, ent.places

  progress("quotes")
  model.quotes = quotes.build(corpus, ent)

  progress("timeline")
  local tl = timeline.build(corpus, ent)
  model.timeline, model.unplaced, model.events = tl.timeline, tl.unplaced, tl.events

  progress("disagreements")
  local dis = disagreements.build(corpus, ent, tl)
  model.figures, model.disagreements = dis.figures, dis.disagreements

  -- corpus facts
  local words, first, last = 0, nil, nil
  for _, d in ipairs(corpus.docs) do
    words = words + d.words
    local info = tl.docinfo[d.id]
    local day = info and info.day
    if day then
      if not first or day < first then first = day end
      if not last or day > last then last = day end
    end
  end
  model.corpus = {
    documents = #corpus.docs, words = words,
    first_date = first and C.iso(first) or NULL, last_date = last and C.iso(last) or NULL,
  }

  progress("summaries")
  local summaries, documents = {}, {}
  for _, d in ipairs(corpus.docs) do
    local doc = db:doc(d.id)
    local sents = summary.document(db, doc, nsent) or {}
    summaries[#summaries + 1] = { doc = d.id, sentences = sents }
    local info = tl.docinfo[d.id]
    documents[#documents + 1] = {
      id = d.id, title = or_null(d.title), headline = or_null(d.headline), byline = or_null(d.byline),
      date = or_null(d.date), date_source = info and info.date_ev and info.date_ev.source or NULL,
      inferred_date = (not d.date and info and info.date) or nil,
      source = or_null(d.source), words = d.words, summary = sents,
    }
  end
  model.documents, model.summaries = documents, summaries

  progress("keywords")
  model.keywords = { corpus = keywords.corpus(db, nkw), documents = keywords.documents(db, nkw) }

  progress("duplicates")
  model.near_duplicates = duplicates.groups(db, opts.duplicates)

  model.corpus_summary = summary.corpus(db, model)
  progress("done")
  return model
end

return M
