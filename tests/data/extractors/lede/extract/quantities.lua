-- Test double for lede.extract.quantities (tests/65-extract-cli.t puts this folder
-- first on LEDE_PATH): marks every third capitalised word, so the driver
-- can be tested without depending on what the real extractor finds.
return { name = "quantities", version = os.getenv("LEDE_TEST_VERSION_quantities") or "1", kinds = {"test_quantities"},
  extract = function(doc, emit)
    local n = 0
    for _, s, e, c in doc:tokens() do
      if c == "word" and doc:sub(s, s + 1):match("%u") then
        n = n + 1
        if n % 3 == 0 then emit("test_quantities", s, e, {n = n}) end
      end
    end
  end }
