<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New</source>
        <extracomment>name -&gt; (menu text, slot as &quot;&lt;attribute path on the window&gt;&quot;, keys, tip, icon) icons: a QStyle standard pixmap, or the name of a ``toolbar_icons`` function</extracomment>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty design</source>
        <translation>新建一个空白设计</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a design file</source>
        <translation>打开设计文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the design</source>
        <translation>保存设计</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the design under a new name</source>
        <translation>以新名称保存设计</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close NetDesigner</source>
        <translation>关闭 NetDesigner</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>Cut the selected layers</source>
        <translation>剪切选中的层</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected layers</source>
        <translation>复制选中的层</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Paste layers with the wires between them</source>
        <translation>粘贴层及它们之间的连线</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected layers, wires or neurons</source>
        <translation>删除选中的层、连线或神经元</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Auto-&amp;layout</source>
        <translation>自动排列(&amp;L)</translation>
    </message>
    <message>
        <source>Arrange the layers left to right by depth</source>
        <translation>按深度从左到右排列各层</translation>
    </message>
    <message>
        <source>Show/Hide &amp;Neurons</source>
        <translation>显示/隐藏神经元(&amp;N)</translation>
    </message>
    <message>
        <source>Show the selected Dense layers as neurons</source>
        <translation>把选中的 Dense 层显示为神经元</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom to 100 %</source>
        <translation>缩放到 100 %</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole design</source>
        <translation>显示整个设计</translation>
    </message>
    <message>
        <source>&amp;Compact Cards</source>
        <translation>紧凑卡片(&amp;C)</translation>
    </message>
    <message>
        <source>Show the selected (or all) layers as compact cards, or in full</source>
        <translation>把选中的（或全部）层显示为紧凑卡片，或完整显示</translation>
    </message>
    <message>
        <source>&amp;Fold into Block…</source>
        <translation>折叠为模块(&amp;F)…</translation>
    </message>
    <message>
        <source>Fold the selected layers into one named block</source>
        <translation>把选中的层折叠成一个命名模块</translation>
    </message>
    <message>
        <source>&amp;Unfold Block</source>
        <translation>展开模块(&amp;U)</translation>
    </message>
    <message>
        <source>Show the layers of the selected (or every) block again</source>
        <translation>重新显示选中（或全部）模块中的层</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the panels back where they were at the first start</source>
        <translation>把各面板放回首次启动时的位置</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About NetDesigner</source>
        <translation>关于 NetDesigner(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open &amp;Sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Tool Bars</source>
        <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>an unsaved design</source>
        <translation>一个未保存的设计</translation>
    </message>
    <message>
        <source>{design} with weights trained to epoch {epoch}</source>
        <translation>{design}（权重已训练到第 {epoch} 轮）</translation>
    </message>
    <message>
        <source>{time} on {date}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <source>Could not restore the design</source>
        <translation>无法恢复设计</translation>
    </message>
    <message>
        <source>Restored {design}.</source>
        <translation>已恢复{design}。</translation>
    </message>
    <message>
        <source>Could not restore the trained weights</source>
        <translation>无法恢复训练好的权重</translation>
    </message>
    <message>
        <source>opening {file}</source>
        <translation>打开 {file} 时</translation>
    </message>
</context>
<context>
    <name>Classroom</name>
    <message>
        <source>Locked by the lesson (classroom mode)</source>
        <translation>已被课程锁定（课堂模式）</translation>
    </message>
</context>
<context>
    <name>CompareRunsDialog</name>
    <message>
        <source>Compare runs</source>
        <translation>对比训练</translation>
    </message>
    <message>
        <source>Compare the lesson&apos;s runs</source>
        <translation>对比本课的训练方案</translation>
    </message>
    <message>
        <source>Train all</source>
        <translation>全部训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch sizes</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rates and batch sizes are positive numbers separated by commas, e.g. 0.01, 0.1.</source>
        <translation>学习率和批大小是用逗号分隔的正数，例如 0.01, 0.1。</translation>
    </message>
    <message>
        <source>Give at least two settings to compare.</source>
        <translation>请至少给出两种设置来对比。</translation>
    </message>
    <message>
        <source>Training {n} runs one after another…</source>
        <translation>正在依次训练 {n} 个方案…</translation>
    </message>
    <message>
        <source>Best: {label}</source>
        <translation>最佳：{label}</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Palette</source>
        <extracomment>the panels&apos; titles, translated where ``add_dock`` shows them (context &quot;Docks&quot;); the training panels (gui/training) are added under these English titles</extracomment>
        <translation>层面板</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Live views</source>
        <translation>实时视图</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>the translators installed by ``apply_language`` (kept alive; Qt does not own them)</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>NetDesigner will speak {language} from the next start.</source>
        <translation>NetDesigner 下次启动时将使用{language}。</translation>
    </message>
</context>
<context>
    <name>LessonEditor</name>
    <message>
        <source>Edit lesson</source>
        <translation>编辑课程</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Explanation
(Markdown, $formulas$)</source>
        <translation>讲解
（Markdown，$公式$）</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Locked in classroom mode</source>
        <translation>课堂模式下锁定</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>No lesson</source>
        <translation>没有课程</translation>
    </message>
    <message>
        <source>This design has no lesson. Open a sample from File ▸ Open Sample to follow the course, or write one with Tools ▸ Edit Lesson.</source>
        <translation>这个设计没有课程。可以从“文件 ▸ 打开示例”打开一个示例来跟着课程学习，或用“工具 ▸ 编辑课程”编写一课。</translation>
    </message>
    <message>
        <source>Lesson {number} · {title}</source>
        <translation>第 {number} 课 · {title}</translation>
    </message>
    <message>
        <source>Goals reached: {met} of {total}</source>
        <translation>已达成目标：{met} / {total}</translation>
    </message>
</context>
<context>
    <name>LessonUI</name>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Classroom Mode</source>
        <translation>课堂模式(&amp;C)</translation>
    </message>
    <message>
        <source>Lock the controls the lesson names, for a class of students</source>
        <translation>锁定课程指定的控件，供全班学生使用</translation>
    </message>
    <message>
        <source>&amp;Edit Lesson…</source>
        <translation>编辑课程(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Save as Lesson File…</source>
        <translation>另存为课程文件(&amp;S)…</translation>
    </message>
    <message>
        <source>Compare &amp;Runs…</source>
        <translation>对比训练(&amp;R)…</translation>
    </message>
    <message>
        <source>Model &amp;Summary…</source>
        <translation>模型概要(&amp;S)…</translation>
    </message>
    <message>
        <source>✔ Goal reached: {goal}</source>
        <translation>✔ 已达成目标：{goal}</translation>
    </message>
    <message>
        <source>Leave classroom mode to edit the lesson.</source>
        <translation>请先退出课堂模式再编辑课程。</translation>
    </message>
    <message>
        <source>This design has no lesson yet: write one with Edit Lesson.</source>
        <translation>这个设计还没有课程：可以用“编辑课程”编写一课。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>{design}[*] — NetDesigner</source>
        <translation>{design}[*] — NetDesigner</translation>
    </message>
    <message>
        <source>Cut 1 layer</source>
        <translation>剪切 1 个层</translation>
    </message>
    <message>
        <source>Cut {count} layers</source>
        <translation>剪切 {count} 个层</translation>
    </message>
    <message>
        <source>Nothing to paste: copy some layers first.</source>
        <translation>没有可粘贴的内容：请先复制一些层。</translation>
    </message>
    <message>
        <source>The clipboard does not hold NetDesigner layers.</source>
        <translation>剪贴板中没有 NetDesigner 的层。</translation>
    </message>
    <message>
        <source>Fold into block</source>
        <translation>折叠为模块</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Select two or more layers to fold into a block.</source>
        <translation>请选择两个或更多层来折叠成模块。</translation>
    </message>
    <message>
        <source>Unfold {count} blocks</source>
        <translation>展开 {count} 个模块</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>Model summary</source>
        <translation>模型概要</translation>
    </message>
</context>
</TS>
