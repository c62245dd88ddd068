package status

import "html/template"

var pageTemplate = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="30">
<title>Synthetic checks</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
.check{border:1px solid #ccc;border-left:8px solid #999;border-radius:4px;padding:.8em 1em;margin:0 0 1em;max-width:60em}
.check.pass{border-left-color:#2e7d32}.check.fail{border-left-color:#c62828;background:#fff5f5}.check.error{border-left-color:#ef8f00}
.state{font-weight:bold}.pass .state{color:#2e7d32}.fail .state{color:#c62828}.error .state{color:#b26a00}
rect.pass{fill:#2e7d32}rect.fail{fill:#c62828}rect.error{fill:#ef8f00}rect.unknown{fill:#999}
polyline{fill:none;stroke:#1565c0;stroke-width:1.5}
.failure{margin-top:.5em;padding:.5em;background:#fbe9e7;border-radius:4px}
.meta{color:#666;font-size:12px}
</style></head>
<body>
<h1>Synthetic checks</h1>
<p class="meta">generated {{.Generated}} · refreshes every 30 s · <a href="/metrics">metrics</a> · <a href="/reports/">reports</a></p>
{{range .Checks}}
<section class="check {{.State}}" id="check-{{.Name}}" data-state="{{.State}}">
<h2>{{.Name}} <span class="state">{{.Label}}</span>{{if .Running}} <span class="meta">(running)</span>{{end}}</h2>
<p class="meta">every {{.Every}} · consecutive failures {{.Consecutive}} · missed slots {{.Missed}}{{if .LastRun}} · last run {{.LastRun}}{{end}}</p>
{{if .LastLine}}<p class="line">{{.LastLine}}</p>{{end}}
<svg class="strip" width="{{.Chart.Width}}" height="14" role="img" aria-label="last runs of {{.Name}}">
{{range .Marks}}<rect class="{{.Class}}" x="{{.X}}" y="0" width="6" height="14"><title>{{.Title}}</title></rect>{{end}}
</svg>
<svg class="latency" width="{{.Chart.Width}}" height="{{.Chart.Height}}" role="img" aria-label="latency of {{.Name}}">
<rect x="0" y="0" width="{{.Chart.Width}}" height="{{.Chart.Height}}" fill="#f7f7f7"/>
{{if .Chart.Points}}<polyline points="{{.Chart.Points}}"/><text x="2" y="10" font-size="10">{{.Chart.Max}}</text>{{end}}
</svg>
{{with .Failure}}<div class="failure"><strong>last failure</strong> {{.When}} (run {{.RunID}}):
<span class="message">{{.Message}}</span>{{if .Report}} · <a class="report" href="{{.Report}}">report</a>{{end}}</div>{{end}}
</section>
{{else}}<p>No checks scheduled.</p>{{end}}
{{if .Windows}}<h2>Windows</h2><ul class="windows">{{range .Windows}}<li>{{.}}</li>{{end}}</ul>{{end}}
<h2>Deploy verdicts and run-now</h2>
<p class="meta">Runs outside the schedule: they never change the checks above, their alerts or their notifications.</p>
{{range .OnDemand}}<div class="check {{.State}} ondemand" data-kind="{{.Kind}}" data-state="{{.State}}"><strong>{{.Kind}}</strong> {{.Check}} <span class="state">{{.Label}}</span> <span class="meta">{{.When}}</span>
<p class="line">{{.Line}}</p>{{if .Report}}<a class="report" href="{{.Report}}">report</a>{{end}}</div>
{{else}}<p class="meta">None since the runner started.</p>{{end}}
</body></html>
`))
