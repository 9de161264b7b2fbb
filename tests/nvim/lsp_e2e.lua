-- Headless Neovim (0.7+) drives `copydesk lsp`: open the file, wait for diagnostics, write
-- them out, apply the quote quick fix, write the buffer out, quit.
-- Environment: COPYDESK_BIN, ARTICLE, OUT_DIAGNOSTICS, OUT_TEXT.
local article = os.getenv("ARTICLE")
vim.cmd("edit " .. article)
local buf = vim.api.nvim_get_current_buf()
local received = nil
local client_id = vim.lsp.start_client({
  name = "copydesk",
  cmd = { os.getenv("COPYDESK_BIN"), "lsp" },
  root_dir = vim.fn.fnamemodify(article, ":h"),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      received = result
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
vim.lsp.buf_attach_client(buf, client_id)
vim.wait(15000, function() return received ~= nil end, 50)

local lines = {}
for _, d in ipairs(received and received.diagnostics or {}) do
  table.insert(lines, string.format("%d:%d %s", d.range.start.line + 1, d.range.start.character + 1, d.code))
end
vim.fn.writefile(lines, os.getenv("OUT_DIAGNOSTICS"))

local client = vim.lsp.get_client_by_id(client_id)
if received and received.diagnostics[1] then
  local first = received.diagnostics[1]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = first.range,
    context = { diagnostics = { first }, only = { "quickfix" } },
  }
  local response = client.request_sync("textDocument/codeAction", params, 15000, buf)
  for _, action in ipairs((response and response.result) or {}) do
    if string.find(action.title, "quotes/space-before-opening", 1, true) then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      break
    end
  end
end
vim.fn.writefile(vim.api.nvim_buf_get_lines(buf, 0, -1, false), os.getenv("OUT_TEXT"))
client.stop()
vim.cmd("qa!")
