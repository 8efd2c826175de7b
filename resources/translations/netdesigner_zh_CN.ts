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
        <source>tf.keras &amp;Code or Model…</source>
        <translation>tf.keras 代码或模型(&amp;C)…</translation>
    </message>
    <message>
        <source>Open tf.keras code (.py) or a Keras 3 model (.keras) as a design</source>
        <translation>把 tf.keras 代码（.py）或 Keras 3 模型（.keras）打开为设计</translation>
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
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
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
    <name>Canvas</name>
    <message>
        <source>&lt;b&gt;Block &apos;{name}&apos;&lt;/b&gt;&lt;br&gt;{layers}&lt;br&gt;&lt;small&gt;Double-click to unfold it.&lt;/small&gt;</source>
        <translation>&lt;b&gt;模块“{name}”&lt;/b&gt;&lt;br&gt;{layers}&lt;br&gt;&lt;small&gt;双击展开。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Move block &apos;{name}&apos;</source>
        <translation>移动模块“{name}”</translation>
    </message>
    <message>
        <source>trained</source>
        <translation>已训练</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>初始</translation>
    </message>
    <message>
        <source>{weight}: not known yet</source>
        <translation>{weight}：尚未确定</translation>
    </message>
    <message>
        <source>{weight}: {value} ({state})&lt;br&gt;&lt;small&gt;Double-click to edit.&lt;/small&gt;</source>
        <translation>{weight}：{value}（{state}）&lt;br&gt;&lt;small&gt;双击编辑。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Input feature {name} of &apos;{node}&apos;</source>
        <translation>“{node}”的输入特征 {name}</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>尚未确定</translation>
    </message>
    <message>
        <source>&lt;b&gt;Neuron {number} of &apos;{node}&apos;&lt;/b&gt; ({activation})&lt;br&gt;bias {bias} ({state})&lt;br&gt;&lt;small&gt;Double-click to edit the bias; Delete removes this neuron.&lt;/small&gt;</source>
        <translation>&lt;b&gt;“{node}”的第 {number} 个神经元&lt;/b&gt;（{activation}）&lt;br&gt;偏置 {bias}（{state}）&lt;br&gt;&lt;small&gt;双击编辑偏置；按 Delete 删除这个神经元。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>out {shape}</source>
        <extracomment>a collapsed card: header (type), key argument, output shape</extracomment>
        <translation>输出 {shape}</translation>
    </message>
    <message>
        <source>{count} params</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>1 param</source>
        <translation>1 个参数</translation>
    </message>
    <message>
        <source>Output per example: &lt;b&gt;{shape}&lt;/b&gt;</source>
        <translation>每个样本的输出：&lt;b&gt;{shape}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Parameters: {count}</source>
        <translation>参数：{count}</translation>
    </message>
    <message>
        <source>&lt;small&gt;Double-click to show or hide its neurons.&lt;/small&gt;</source>
        <translation>&lt;small&gt;双击显示或隐藏它的神经元。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Drag from here to another layer&apos;s input to connect them.</source>
        <translation>从这里拖到另一层的输入端，把两层连起来。</translation>
    </message>
    <message>
        <source>Input: drag a wire here from another layer&apos;s output.</source>
        <translation>输入端：从另一层的输出端拖一条连线到这里。</translation>
    </message>
    <message>
        <source>Shape unknown: fix the problems upstream first.</source>
        <translation>形状未知：请先修正上游的问题。</translation>
    </message>
    <message>
        <source>Each example carries a {shape} tensor ({count} numbers).</source>
        <translation>每个样本传递一个 {shape} 的张量（{count} 个数）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{source} → {target}&lt;/b&gt;&lt;br&gt;{carries}&lt;br&gt;&lt;small&gt;Select it and press Delete to disconnect.&lt;/small&gt;</source>
        <translation>&lt;b&gt;{source} → {target}&lt;/b&gt;&lt;br&gt;{carries}&lt;br&gt;&lt;small&gt;选中后按 Delete 断开连线。&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Remove {count} neurons</source>
        <translation>删除 {count} 个神经元</translation>
    </message>
    <message>
        <source>This weight is not known until the design is valid.</source>
        <translation>设计有效之后才能确定这个权重。</translation>
    </message>
    <message>
        <source>Weight:</source>
        <translation>权重：</translation>
    </message>
    <message>
        <source>&apos;{node}&apos; has no bias to edit.</source>
        <translation>“{node}”没有可编辑的偏置。</translation>
    </message>
    <message>
        <source>Bias:</source>
        <translation>偏置：</translation>
    </message>
    <message>
        <source>{summary} · frozen</source>
        <extracomment>header colour of each palette family (and Input, which gets its own) Playground&apos;s weight encoding: orange for negative, blue for positive no text on a card or a wire is smaller than this (the view&apos;s legible zoom depends on it) one line under a node&apos;s name that says what it is set to</extracomment>
        <translation>{summary} · 已冻结</translation>
    </message>
    <message>
        <source>Drag an Input layer from the palette to start,
or open a sample from File ▸ Open Sample.</source>
        <extracomment>MIME type of palette entries: JSON ``{&quot;type&quot;: &quot;&lt;node type or Neuron&gt;&quot;}`` the smallest text a student should have to read on screen, in points smallest zoom at which the text on the cards is at least LEGIBLE_POINT_SIZE</extracomment>
        <translation>从层面板拖一个 Input 层开始，
或通过 文件 ▸ 打开示例 打开一个示例。</translation>
    </message>
</context>
<context>
    <name>CanvasMenu</name>
    <message>
        <source>Edit weight…</source>
        <translation>编辑权重…</translation>
    </message>
    <message>
        <source>Edit bias…</source>
        <translation>编辑偏置…</translation>
    </message>
    <message>
        <source>Remove this neuron</source>
        <translation>删除这个神经元</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连线</translation>
    </message>
    <message>
        <source>Hide neurons</source>
        <translation>隐藏神经元</translation>
    </message>
    <message>
        <source>Show neurons</source>
        <translation>显示神经元</translation>
    </message>
    <message>
        <source>Add a neuron</source>
        <translation>添加一个神经元</translation>
    </message>
    <message>
        <source>Delete layer</source>
        <translation>删除层</translation>
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
    <name>CollapseBox</name>
    <message>
        <source>When the accuracy falls back to chance, a layer&apos;s ReLU units all die or the loss explodes without becoming NaN</source>
        <translation>当准确率跌回随机猜测水平、某层的 ReLU 单元全部死亡，或损失暴涨却没有变成 NaN 时</translation>
    </message>
</context>
<context>
    <name>CompareRunsDialog</name>
    <message>
        <source>Run</source>
        <translation>训练方案</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Test accuracy / RMSE</source>
        <translation>测试准确率 / RMSE</translation>
    </message>
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
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: true class · columns: predicted class. Click a cell.</source>
        <translation>行：真实类别 · 列：预测类别。单击一个单元格。</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>Number of classes: the spiral&apos;s arms or the blobs&apos; centres</source>
        <translation>类别数：螺旋的臂数或团簇的中心数</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Draw new points with a new data seed</source>
        <translation>用新的数据种子生成新的点</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Train on your own data: a CSV of points or features with a label column, an NPZ (x, y) or IDX images such as the full Fashion-MNIST</source>
        <translation>用你自己的数据训练：带标签列的点或特征 CSV、NPZ（x, y），或 IDX 图片（例如完整的 Fashion-MNIST）</translation>
    </message>
    <message>
        <source>Open image folder…</source>
        <translation>打开图片文件夹…</translation>
    </message>
    <message>
        <source>Train on a folder of images, one sub-folder of PNG or JPEG files per class, or on a CIFAR-10/100 binary folder</source>
        <translation>用图片文件夹训练：每个类别一个存放 PNG 或 JPEG 文件的子文件夹，或 CIFAR-10/100 二进制文件夹</translation>
    </message>
    <message>
        <source>Draw…</source>
        <translation>绘制…</translation>
    </message>
    <message>
        <source>Draw your own 2-D data set, class by class</source>
        <translation>逐个类别绘制你自己的二维数据集</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Training share</source>
        <translation>训练集比例</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Input features</source>
        <translation>输入特征</translation>
    </message>
    <message>
        <source>Data: {name}</source>
        <translation>数据：{name}</translation>
    </message>
    <message>
        <source>unknown folder</source>
        <translation>未知文件夹</translation>
    </message>
    <message>
        <source>Your data: {name} cannot be used: {why}.</source>
        <translation>你的数据：{name} 无法使用：{why}。</translation>
    </message>
    <message>
        <source>Your data: {name}, {count} samples with {classes} classes.</source>
        <translation>你的数据：{name}，{count} 个样本，{classes} 个类别。</translation>
    </message>
    <message>
        <source>Your data: {name}, {count} samples with targets.</source>
        <translation>你的数据：{name}，{count} 个带目标值的样本。</translation>
    </message>
    <message>
        <source>class {k}: {cname}</source>
        <translation>类别 {k}：{cname}</translation>
    </message>
    <message>
        <source>Use the built-in data set {name}</source>
        <translation>使用内置数据集 {name}</translation>
    </message>
    <message>
        <source>Could not use the data file</source>
        <translation>无法使用该数据文件</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be read ({error}: {text})</source>
        <translation>无法读取“{path}”（{error}：{text}）</translation>
    </message>
    <message>
        <source>Use data from {file}</source>
        <translation>使用来自 {file} 的数据</translation>
    </message>
    <message>
        <source>Could not save the points</source>
        <translation>无法保存这些点</translation>
    </message>
    <message>
        <source>Input features: {features}</source>
        <translation>输入特征：{features}</translation>
    </message>
</context>
<context>
    <name>DecisionMapView</name>
    <message>
        <source>Output of the network</source>
        <translation>网络的输出</translation>
    </message>
    <message>
        <source>Show test data</source>
        <translation>显示测试数据</translation>
    </message>
    <message>
        <source>Discretize output</source>
        <translation>离散化输出</translation>
    </message>
    <message>
        <source>Mark misclassified</source>
        <translation>标出分类错误的点</translation>
    </message>
    <message>
        <source>Playground extent</source>
        <translation>Playground 范围</translation>
    </message>
    <message>
        <source>Draw the map over [-6, 6]² as TensorFlow Playground does</source>
        <translation>像 TensorFlow Playground 一样在 [-6, 6]² 上绘制决策图</translation>
    </message>
    <message>
        <source>Neuron {number} of {node}</source>
        <translation>{node} 的第 {number} 个神经元</translation>
    </message>
</context>
<context>
    <name>DesignInfo</name>
    <message>
        <source>What this design shows, for whoever opens it</source>
        <translation>这个设计演示什么，写给打开它的人</translation>
    </message>
    <message>
        <source>Select a layer to edit it; drag layers in from the palette.</source>
        <translation>选中一个层来编辑它；从层面板拖入新的层。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>About</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>{count} error(s)</source>
        <translation>{count} 个错误</translation>
    </message>
    <message>
        <source>ready to train</source>
        <translation>可以训练</translation>
    </message>
    <message>
        <source>{state}, {count} warning(s)</source>
        <translation>{state}，{count} 个警告</translation>
    </message>
    <message>
        <source>Data: &lt;b&gt;{data}&lt;/b&gt;, noise {noise}</source>
        <translation>数据：&lt;b&gt;{data}&lt;/b&gt;，噪声 {noise}</translation>
    </message>
    <message>
        <source>Data: &lt;b&gt;{data}&lt;/b&gt;</source>
        <translation>数据：&lt;b&gt;{data}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{layers}&lt;/b&gt; layers, &lt;b&gt;{params}&lt;/b&gt; parameters, {state}</source>
        <translation>&lt;b&gt;{layers}&lt;/b&gt; 层，&lt;b&gt;{params}&lt;/b&gt; 个参数，{state}</translation>
    </message>
    <message>
        <source>Loss: {loss}</source>
        <translation>损失函数：{loss}</translation>
    </message>
    <message>
        <source>Optimizer: {optimizer}, learning rate {rate}</source>
        <translation>优化器：{optimizer}，学习率 {rate}</translation>
    </message>
    <message>
        <source>Batch size {batch_size}, {epochs} epochs, seed {seed}</source>
        <translation>批大小 {batch_size}，{epochs} 轮，随机种子 {seed}</translation>
    </message>
</context>
<context>
    <name>DetectionView</name>
    <message>
        <source>Show the boxes scoring at least this</source>
        <translation>只显示分数不低于这个值的边框</translation>
    </message>
    <message>
        <source>NMS</source>
        <translation>NMS</translation>
    </message>
    <message>
        <source>Non-maximum suppression: keep only the best of overlapping boxes of a class (IoU above 0.45); off, the duplicates it removes show</source>
        <translation>非极大值抑制（NMS）：同一类别中相互重叠（IoU 高于 0.45）的边框只保留最好的一个；关闭时，会显示被它去掉的重复边框</translation>
    </message>
    <message>
        <source>Score ≥</source>
        <translation>分数 ≥</translation>
    </message>
    <message>
        <source>test mAP@0.5: –</source>
        <translation>测试 mAP@0.5：–</translation>
    </message>
    <message>
        <source>Dashed white: the true boxes. Solid: the boxes found, with class and score. Point at a box to see its IoU with the true box it matches.</source>
        <translation>白色虚线：真实边框。实线：找到的边框，带类别和分数。指向一个边框，可查看它与所匹配真实边框的 IoU。</translation>
    </message>
    <message>
        <source>test mAP@0.5: {value}</source>
        <translation>测试 mAP@0.5：{value}</translation>
    </message>
    <message>
        <source>{n} boxes</source>
        <translation>{n} 个边框</translation>
    </message>
    <message>
        <source>{name} {score}: this image holds no true {name} box.</source>
        <translation>{name} {score}：这张图片中没有真实的 {name} 边框。</translation>
    </message>
    <message>
        <source>a hit (IoU ≥ 0.5)</source>
        <translation>命中（IoU ≥ 0.5）</translation>
    </message>
    <message>
        <source>a miss for mAP@0.5 (IoU &lt; 0.5)</source>
        <translation>按 mAP@0.5 不算命中（IoU &lt; 0.5）</translation>
    </message>
    <message>
        <source>{name} {score}: IoU {iou} with the true {name} box, {verdict}.</source>
        <translation>{name} {score}：与真实 {name} 边框的 IoU 为 {iou}，{verdict}。</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to {name} before closing it?</source>
        <translation>关闭前保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作吗？</translation>
    </message>
    <message>
        <source>NetDesigner closed unexpectedly while {name} had unsaved changes (last autosaved {when}). Restore them?</source>
        <translation>NetDesigner 意外关闭时，{name} 有未保存的更改（最后自动保存于 {when}）。要恢复吗？</translation>
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
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
</context>
<context>
    <name>DrawPoints</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Draw at least {least} points (there are {count}).</source>
        <translation>请至少绘制 {least} 个点（现在有 {count} 个）。</translation>
    </message>
    <message>
        <source>Draw points of at least two classes.</source>
        <translation>请绘制至少两个类别的点。</translation>
    </message>
    <message>
        <source>Erase points</source>
        <translation>擦除点</translation>
    </message>
    <message>
        <source>Add class {k}</source>
        <translation>添加类别 {k} 的点</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>{n} of class {k}</source>
        <translation>类别 {k}：{n} 个</translation>
    </message>
    <message>
        <source>{count} points</source>
        <translation>{count} 个点</translation>
    </message>
    <message>
        <source>{count}: {parts}</source>
        <translation>{count}：{parts}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Save the drawn points</source>
        <translation>保存绘制的点</translation>
    </message>
</context>
<context>
    <name>DrawPointsDialog</name>
    <message>
        <source>Draw your own data</source>
        <translation>绘制你自己的数据</translation>
    </message>
    <message>
        <source>How many classes to draw (2 to 6)</source>
        <translation>要绘制几个类别（2 到 6）</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Use these points…</source>
        <translation>使用这些点…</translation>
    </message>
    <message>
        <source>Click or drag to add points of the chosen class; right-click or right-drag to erase. The points are saved as a CSV file beside your design.</source>
        <translation>单击或拖动以添加所选类别的点；右键单击或右键拖动可擦除。这些点会保存为设计旁边的一个 CSV 文件。</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
</context>
<context>
    <name>Editing</name>
    <message>
        <source>Auto-layout</source>
        <extracomment>what a layer from the palette starts with beyond its required arguments: a Dense layer without an activation is linear, and a stack of linear layers is one linear layer, so a new one starts non-linear (the student may pick linear)</extracomment>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Paste {count} layers</source>
        <translation>粘贴 {count} 个层</translation>
    </message>
    <message>
        <source>Paste 1 layer</source>
        <translation>粘贴 1 个层</translation>
    </message>
</context>
<context>
    <name>Editors</name>
    <message>
        <source>{low} to below {high}</source>
        <extracomment>thousands written with commas in a whole-number field (&quot;100,000&quot;)</extracomment>
        <translation>{low} 到小于 {high}</translation>
    </message>
    <message>
        <source>{low}–{high}</source>
        <translation>{low}–{high}</translation>
    </message>
    <message>
        <source>{low} or more</source>
        <translation>{low} 或更大</translation>
    </message>
    <message>
        <source>below {high}</source>
        <translation>小于 {high}</translation>
    </message>
    <message>
        <source>at most {high}</source>
        <translation>最多 {high}</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>一个数</translation>
    </message>
    <message>
        <source>a whole number, {allowed}</source>
        <translation>整数，{allowed}</translation>
    </message>
    <message>
        <source>{name} must be {allowed}; &apos;{refused}&apos; was not taken, kept {kept}</source>
        <translation>{name} 必须是 {allowed}；未采用“{refused}”，保留 {kept}</translation>
    </message>
</context>
<context>
    <name>ErrorReport</name>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Your unsaved changes were written to a recovery file.</source>
        <extracomment>what ``save_unsaved_work`` found: the recovery file was written, there was nothing unsaved, or writing it failed</extracomment>
        <translation>未保存的更改已写入恢复文件。</translation>
    </message>
    <message>
        <source>You had no unsaved changes, so no work was lost.</source>
        <translation>没有未保存的更改，所以没有丢失任何工作。</translation>
    </message>
    <message>
        <source>Your unsaved changes could not be written to a recovery file; save the design with File ▸ Save As to keep them.</source>
        <translation>未保存的更改无法写入恢复文件；请用 文件 ▸ 另存为 保存设计。</translation>
    </message>
    <message>
        <source>The technical details are under Show Details, for a bug report.</source>
        <translation>技术细节在“显示详细信息”中，可用于报告问题。</translation>
    </message>
    <message>
        <source>NetDesigner ran into an unexpected problem while {doing} and stopped that action; you can keep working.</source>
        <translation>NetDesigner 在{doing}时遇到意外问题，已停止该操作；你可以继续工作。</translation>
    </message>
    <message>
        <source>NetDesigner ran into an unexpected problem and stopped that action; you can keep working.</source>
        <translation>NetDesigner 遇到意外问题，已停止该操作；你可以继续工作。</translation>
    </message>
    <message>
        <source>{saved} {hint}</source>
        <translation>{saved}{hint}</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>&amp;Keras script…</source>
        <extracomment>code targets: (menu text, --to name, file-name suffix, dialog filter)</extracomment>
        <translation>Keras 脚本(&amp;K)…</translation>
    </message>
    <message>
        <source>Python files (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>&amp;PyTorch script…</source>
        <translation>PyTorch 脚本(&amp;P)…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <extracomment>picture formats: (suffix, dialog filter)</extracomment>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Wrote {files} and {last}</source>
        <translation>已写出 {files} 和 {last}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Wrote {file}</source>
        <translation>已写出 {file}</translation>
    </message>
    <message>
        <source>{wrote} (no trained weights yet: the script starts from fresh weights)</source>
        <translation>{wrote}（还没有训练好的权重：脚本将从新的初始权重开始）</translation>
    </message>
    <message>
        <source>{wrote} in {folder}</source>
        <translation>{wrote}，位于 {folder}</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>Keras &amp;bundle (folder)…</source>
        <translation>Keras 打包(&amp;B)（文件夹）…</translation>
    </message>
    <message>
        <source>PyTorch b&amp;undle (folder)…</source>
        <translation>PyTorch 打包(&amp;U)（文件夹）…</translation>
    </message>
    <message>
        <source>Canvas as P&amp;NG…</source>
        <translation>画布导出为 P&amp;NG…</translation>
    </message>
    <message>
        <source>Canvas as &amp;SVG…</source>
        <translation>画布导出为 &amp;SVG…</translation>
    </message>
    <message>
        <source>P&amp;lots</source>
        <translation>图表(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Metrics as CSV…</source>
        <translation>指标导出为 CSV(&amp;M)…</translation>
    </message>
    <message>
        <source>Export {target} script</source>
        <translation>导出 {target} 脚本</translation>
    </message>
    <message>
        <source>Export {target} bundle (a new folder)</source>
        <translation>导出 {target} 打包（新文件夹）</translation>
    </message>
    <message>
        <source>Export canvas as {format}</source>
        <translation>将画布导出为 {format}</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>There is no training history yet; train the design first.</source>
        <translation>还没有训练记录；请先训练该设计。</translation>
    </message>
    <message>
        <source>Export metrics as CSV</source>
        <translation>将指标导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export {plot} as {format}</source>
        <translation>将 {plot} 导出为 {format}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>{plot} as {format}…</source>
        <translation>{plot} 导出为 {format}…</translation>
    </message>
</context>
<context>
    <name>ExportImages</name>
    <message>
        <source>the canvas is empty; add a layer before exporting a picture</source>
        <extracomment>the resolution QImage and the canvas lay text out at; the SVG must use the same</extracomment>
        <translation>画布是空的；请先添加一个层再导出图片</translation>
    </message>
    <message>
        <source>{path}: expected a .png or .svg file name, found &apos;{suffix}&apos;</source>
        <translation>{path}：文件名应以 .png 或 .svg 结尾，实际为“{suffix}”</translation>
    </message>
    <message>
        <source>Qt could not encode the picture as PNG</source>
        <translation>Qt 无法把图片编码为 PNG</translation>
    </message>
</context>
<context>
    <name>FeatureMapsView</name>
    <message>
        <source>Click an image in the gallery to see its feature maps.</source>
        <translation>单击图库中的一张图片，查看它的特征图。</translation>
    </message>
    <message>
        <source>Kernels per channel</source>
        <translation>按通道显示卷积核</translation>
    </message>
    <message>
        <source>Draw each colour channel of the first convolution&apos;s kernels as its own tile instead of one RGB patch per kernel</source>
        <translation>把第一个卷积层卷积核的每个颜色通道单独画成一块，而不是每个卷积核画成一块 RGB 图</translation>
    </message>
    <message>
        <source>input image</source>
        <translation>输入图片</translation>
    </message>
    <message>
        <source>{node}: {count} feature maps</source>
        <translation>{node}：{count} 张特征图</translation>
    </message>
    <message>
        <source>Test image {index}: what each layer computes from it.</source>
        <translation>测试图片 {index}：每一层从中计算出什么。</translation>
    </message>
    <message>
        <source>{layer}: kernels, R G B per kernel</source>
        <translation>{layer}：卷积核，每个卷积核分 R G B</translation>
    </message>
    <message>
        <source>{layer}: kernels as RGB</source>
        <translation>{layer}：卷积核（RGB）</translation>
    </message>
    <message>
        <source>{layer}: kernels</source>
        <translation>{layer}：卷积核</translation>
    </message>
    <message>
        <source>{layer}: weights per unit</source>
        <translation>{layer}：每个单元的权重</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>Open design</source>
        <translation>打开设计</translation>
    </message>
    <message>
        <source>Save design as</source>
        <translation>设计另存为</translation>
    </message>
    <message>
        <source>Import tf.keras code or model</source>
        <translation>导入 tf.keras 代码或模型</translation>
    </message>
    <message>
        <source>tf.keras code or Keras 3 models (*.py *.keras);;All files (*)</source>
        <translation>tf.keras 代码或 Keras 3 模型 (*.py *.keras);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not import the model</source>
        <translation>无法导入模型</translation>
    </message>
    <message>
        <source>Imported {file} as a new design</source>
        <translation>已将 {file} 导入为新设计</translation>
    </message>
    <message>
        <source>Could not open the design</source>
        <translation>无法打开设计</translation>
    </message>
    <message>
        <source>{file}: {reason}.</source>
        <translation>{file}：{reason}。</translation>
    </message>
    <message>
        <source>The trained weights were not loaded</source>
        <translation>未载入训练好的权重</translation>
    </message>
    <message>
        <source>{reason}; the design opened without them and trains from fresh weights ({file} is kept until trained weights are saved)</source>
        <translation>{reason}；设计已在没有这些权重的情况下打开，将从新的初始权重开始训练（{file} 会保留，直到保存新的训练权重）</translation>
    </message>
    <message>
        <source>Could not save the design</source>
        <translation>无法保存设计</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>清空菜单</translation>
    </message>
    <message>
        <source>No samples installed</source>
        <translation>没有安装示例</translation>
    </message>
</context>
<context>
    <name>FileLoad</name>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open a data file</source>
        <translation>打开数据文件</translation>
    </message>
</context>
<context>
    <name>FileLoadWorker</name>
    <message>
        <source>&apos;{path}&apos; is too large to load into this computer&apos;s memory</source>
        <translation>“{path}”太大，这台电脑的内存装不下</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; could not be read</source>
        <translation>无法读取“{path}”</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>NetDesigner designs (*.json);;All files (*)</source>
        <translation>NetDesigner 设计 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>1. TensorFlow basics: linear regression</source>
        <extracomment>the course&apos;s lessons, for designs whose description starts &quot;Lesson N: ...&quot; but carry no ``lesson`` object (a sample&apos;s ``lesson.number`` and ``title`` win)</extracomment>
        <translation>1. TensorFlow 基础：线性回归</translation>
    </message>
    <message>
        <source>2. Logistic regression</source>
        <translation>2. 逻辑回归</translation>
    </message>
    <message>
        <source>3. The perceptron</source>
        <translation>3. 感知机</translation>
    </message>
    <message>
        <source>4. TensorFlow Playground</source>
        <translation>4. TensorFlow Playground</translation>
    </message>
    <message>
        <source>5. Softmax and cross-entropy</source>
        <translation>5. Softmax 与交叉熵</translation>
    </message>
    <message>
        <source>6. Gradient descent</source>
        <translation>6. 梯度下降</translation>
    </message>
    <message>
        <source>7. Why deep networks</source>
        <translation>7. 为什么要深层网络</translation>
    </message>
    <message>
        <source>8. Multi-layer networks in tf.keras</source>
        <translation>8. 用 tf.keras 搭建多层网络</translation>
    </message>
    <message>
        <source>9. CNNs and LeNet-5</source>
        <translation>9. 卷积神经网络与 LeNet-5</translation>
    </message>
    <message>
        <source>10. Batch normalization and tuning</source>
        <translation>10. 批标准化与调参</translation>
    </message>
    <message>
        <source>11. Transfer learning</source>
        <translation>11. 迁移学习</translation>
    </message>
    <message>
        <source>Perceptron</source>
        <extracomment>groups for designs without a lesson number: (menu title, test on the JSON)</extracomment>
        <translation>感知机</translation>
    </message>
    <message>
        <source>Convolutional networks</source>
        <translation>卷积网络</translation>
    </message>
    <message>
        <source>Images with dense layers</source>
        <translation>用全连接层处理图像</translation>
    </message>
    <message>
        <source>Hidden layers on 2-D data</source>
        <translation>二维数据上的隐藏层</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>鼠标滚轮</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Middle-button drag, or Space + drag</source>
        <translation>按住中键拖动，或按住空格键拖动</translation>
    </message>
    <message>
        <source>Connect two layers</source>
        <translation>连接两个层</translation>
    </message>
    <message>
        <source>Drag from an output port (right) to an input port (left)</source>
        <translation>从输出端（右侧）拖到输入端（左侧）</translation>
    </message>
    <message>
        <source>Select several layers</source>
        <translation>选择多个层</translation>
    </message>
    <message>
        <source>Drag a rectangle on empty canvas; Ctrl+click</source>
        <translation>在画布空白处拖出矩形；或 Ctrl+单击</translation>
    </message>
    <message>
        <source>Move selected layers</source>
        <translation>移动选中的层</translation>
    </message>
    <message>
        <source>Drag them, or the arrow keys</source>
        <translation>拖动它们，或用方向键</translation>
    </message>
    <message>
        <source>Show or hide neurons</source>
        <translation>显示或隐藏神经元</translation>
    </message>
    <message>
        <source>Double-click a Dense or Input layer</source>
        <translation>双击 Dense 或 Input 层</translation>
    </message>
    <message>
        <source>Edit a weight or bias</source>
        <translation>编辑权重或偏置</translation>
    </message>
    <message>
        <source>Double-click a weight line or a neuron</source>
        <translation>双击权重连线或神经元</translation>
    </message>
    <message>
        <source>Remove a neuron</source>
        <translation>删除神经元</translation>
    </message>
    <message>
        <source>Select it and press Delete</source>
        <translation>选中后按 Delete</translation>
    </message>
    <message>
        <source>Add a neuron</source>
        <translation>添加一个神经元</translation>
    </message>
    <message>
        <source>Drop Neuron from the palette on a Dense layer</source>
        <translation>从层面板把 Neuron 拖到 Dense 层上</translation>
    </message>
    <message>
        <source>About NetDesigner</source>
        <translation>关于 NetDesigner</translation>
    </message>
    <message>
        <source>&lt;p&gt;Build neural networks from layers and single neurons, train them with a NumPy engine, and watch them learn.&lt;/p&gt;&lt;p&gt;Layer names and arguments follow tf.keras, so what you build here is what you will write next.&lt;/p&gt;</source>
        <translation>&lt;p&gt;用层和单个神经元搭建神经网络，用 NumPy 引擎训练，并观察它们如何学习。&lt;/p&gt;&lt;p&gt;层的名称和参数与 tf.keras 一致：在这里搭建的，就是你接下来要写的代码。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ImageResultsView</name>
    <message>
        <source>All test images</source>
        <translation>全部测试图片</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Confusion matrix: rows true, columns predicted</source>
        <translation>混淆矩阵：行为真实类别，列为预测类别</translation>
    </message>
    <message>
        <source>All {value:,} test images</source>
        <translation>全部 {value:,} 张测试图片</translation>
    </message>
    <message>
        <source>{value:,} images of &apos;{value2}&apos; predicted as &apos;{value3}&apos;</source>
        <translation>{value:,} 张“{value2}”被预测为“{value3}”的图片</translation>
    </message>
</context>
<context>
    <name>ImageViews</name>
    <message>
        <source>Test image {index}: {tip} (true class {name})</source>
        <translation>测试图片 {index}：{tip}（真实类别 {name}）</translation>
    </message>
    <message>
        <source>✗ {guess}
is {true}</source>
        <translation>✗ {guess}
实为 {true}</translation>
    </message>
</context>
<context>
    <name>Init</name>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
</context>
<context>
    <name>LandscapeView</name>
    <message>
        <source>The training loss over two weights, and the path gradient descent takes down it. Press Play or step one batch.</source>
        <translation>训练损失随两个权重变化的曲面，以及梯度下降沿它走下去的路径。按“播放”或单步训练一批。</translation>
    </message>
    <message>
        <source>No loss landscape here. {value}</source>
        <translation>这里没有损失曲面。{value}</translation>
    </message>
    <message>
        <source>; lowest loss in view {loss}</source>
        <translation>；视图中最低损失 {loss}</translation>
    </message>
    <message>
        <source>The loss over the network&apos;s two weights</source>
        <translation>损失随网络两个权重变化的曲面</translation>
    </message>
    <message>
        <source> Click the map to start again from there.</source>
        <translation> 单击图中一点，可从那里重新开始训练。</translation>
    </message>
    <message>
        <source>The loss along the two directions the weights moved most</source>
        <translation>沿权重变化最大的两个方向上的损失</translation>
    </message>
    <message>
        <source>{what}: dark is low. The white path is training ({value} steps shown){low}.{click}</source>
        <translation>{what}：颜色越深损失越低。白色路径是训练过程（显示 {value} 步）{low}。{click}</translation>
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
    <name>LayerNames</name>
    <message>
        <source>input layer</source>
        <extracomment>what each node type is called in the course; in Chinese it stands beside the tf.keras name (&quot;Dense 全连接层&quot;), in English the tf.keras name is enough</extracomment>
        <translation>输入层</translation>
    </message>
    <message>
        <source>fully connected layer</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <source>neuron</source>
        <translation>神经元</translation>
    </message>
    <message>
        <source>activation layer</source>
        <translation>激活层</translation>
    </message>
    <message>
        <source>convolutional layer</source>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>max pooling layer</source>
        <translation>最大池化层</translation>
    </message>
    <message>
        <source>average pooling layer</source>
        <translation>平均池化层</translation>
    </message>
    <message>
        <source>global average pooling layer</source>
        <translation>全局平均池化层</translation>
    </message>
    <message>
        <source>flatten layer</source>
        <translation>展平层</translation>
    </message>
    <message>
        <source>dropout layer</source>
        <translation>随机失活层</translation>
    </message>
    <message>
        <source>batch normalization layer</source>
        <translation>批标准化层</translation>
    </message>
    <message>
        <source>add layer</source>
        <translation>相加层</translation>
    </message>
    <message>
        <source>concatenate layer</source>
        <translation>拼接层</translation>
    </message>
</context>
<context>
    <name>LayerStats</name>
    <message>
        <source>{dead}/{units} dead</source>
        <translation>{dead}/{units} 个死亡</translation>
    </message>
    <message>
        <source>{share}% saturated</source>
        <translation>{share}% 饱和</translation>
    </message>
    <message>
        <source>gradient {value}</source>
        <translation>梯度 {value}</translation>
    </message>
    <message>
        <source>mean {mean} · std {std}</source>
        <translation>均值 {mean} · 标准差 {std}</translation>
    </message>
</context>
<context>
    <name>LayerStatsView</name>
    <message>
        <source>What each layer does to 256 training samples (128 images): the spread of its outputs and of its weights. Press Play or step one batch.</source>
        <translation>每一层对 256 个训练样本（图片为 128 张）做了什么：输出和权重的分布。按“播放”或单步训练一批。</translation>
    </message>
    <message>
        <source>No layer statistics here. {value}</source>
        <translation>这里没有各层统计。{value}</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>weights (kernel)</source>
        <translation>权重（kernel）</translation>
    </message>
    <message>
        <source>No problems found: no dead or saturated layers.</source>
        <translation>没有发现问题：没有死亡或饱和的层。</translation>
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
    <message>
        <source>Steps</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>目标</translation>
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
    <name>LiveViews</name>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Feature maps</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>Boxes</source>
        <translation>边框</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>各层</translation>
    </message>
</context>
<context>
    <name>Locks</name>
    <message>
        <source>the data set</source>
        <extracomment>each lock as a refusal names it</extracomment>
        <translation>数据集</translation>
    </message>
    <message>
        <source>the features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>the loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>the optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>the learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>the batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>the epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>the regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>the network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>The lesson locks the network in classroom mode: it cannot be edited.</source>
        <translation>课堂模式下，本课锁定了网络：不能编辑。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The lesson locks {names} in classroom mode; ask your teacher to unlock.</source>
        <translation>课堂模式下，本课锁定了{names}；请让老师解锁。</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Batch losses</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <source>Loss of each batch (averaged in small groups)</source>
        <translation>每批的损失（按小组取平均）</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Clear runs</source>
        <translation>清除旧曲线</translation>
    </message>
    <message>
        <source>Remove the faded curves of earlier runs</source>
        <translation>删除之前训练留下的淡色曲线</translation>
    </message>
    <message>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <source>run {n}</source>
        <translation>训练方案 {n}</translation>
    </message>
    <message>
        <source>stopped at epoch {epoch}</source>
        <translation>在第 {epoch} 轮停止</translation>
    </message>
    <message>
        <source>restored epoch {epoch}</source>
        <translation>恢复到第 {epoch} 轮</translation>
    </message>
    <message>
        <source>best epoch {epoch}</source>
        <translation>最佳为第 {epoch} 轮</translation>
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
    <name>NodeProperties</name>
    <message>
        <source>Label</source>
        <extracomment>a layer with this many parameters gets a warning in the inspector</extracomment>
        <translation>标签</translation>
    </message>
    <message>
        <source>name shown on the canvas</source>
        <translation>在画布上显示的名称</translation>
    </message>
    <message>
        <source>update its weights in training</source>
        <translation>训练时更新它的权重</translation>
    </message>
    <message>
        <source>off = frozen (transfer learning)</source>
        <translation>关闭 = 冻结（迁移学习）</translation>
    </message>
    <message>
        <source>Output: &lt;b&gt;{shape}&lt;/b&gt; per example</source>
        <translation>输出：每个样本 &lt;b&gt;{shape}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Parameters: &lt;b&gt;{count}&lt;/b&gt;</source>
        <translation>参数：&lt;b&gt;{count}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>⚠ {count} parameters: millions of weights train slowly; fewer units or filters, or pooling before this layer, make it smaller</source>
        <translation>⚠ {count} 个参数：上百万个权重训练起来很慢；减少单元数或卷积核数，或在这一层之前加池化层，都能让它变小</translation>
    </message>
</context>
<context>
    <name>NumbersEditor</name>
    <message>
        <source>e.g. 16, 32</source>
        <translation>例如 16, 32</translation>
    </message>
    <message>
        <source>{name} must be positive numbers separated by commas or spaces, e.g. 16, 32; &apos;{refused}&apos; was not taken, kept {kept}</source>
        <translation>{name} 必须是以逗号或空格分隔的正数，例如 16, 32；未采用“{refused}”，保留 {kept}</translation>
    </message>
</context>
<context>
    <name>OptionalSize2Editor</name>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Use the pool size as the stride (tf.keras&apos;s default).</source>
        <translation>用池化窗口大小作为步长（tf.keras 的默认值）。</translation>
    </message>
</context>
<context>
    <name>OwnData</name>
    <message>
        <source>Open a data file</source>
        <translation>打开数据文件</translation>
    </message>
    <message>
        <source>Open an image folder</source>
        <translation>打开图片文件夹</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Basics</source>
        <extracomment>palette groups in lesson order</extracomment>
        <translation>基础</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>One neuron: drop it on a Dense layer to add a unit, or on empty canvas for a layer of one neuron.</source>
        <translation>单个神经元：拖到 Dense 层上可增加一个单元，拖到画布空白处则成为只有一个神经元的层。</translation>
    </message>
    <message>
        <source>y = f(w₁x₁ + w₂x₂ + … + b): a weighted sum, a bias, an activation.</source>
        <translation>y = f(w₁x₁ + w₂x₂ + … + b)：加权求和，加上偏置，再经过激活函数。</translation>
    </message>
    <message>
        <source>Search layers…</source>
        <extracomment>an entry longer than this (in Latin characters; a Chinese one counts twice) breaks after the tf.keras name an entry&apos;s (or group&apos;s) place in lesson order, restored when the search clears</extracomment>
        <translation>搜索层…</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>No problems: the design is ready to train.</source>
        <translation>没有问题：可以训练了。</translation>
    </message>
    <message>
        <source>design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修正</translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Training RMSE</source>
        <translation>训练 RMSE</translation>
    </message>
    <message>
        <source>Test RMSE</source>
        <translation>测试 RMSE</translation>
    </message>
</context>
<context>
    <name>RegularizerEditor</name>
    <message>
        <source>{name} strength</source>
        <translation>{name} 强度</translation>
    </message>
</context>
<context>
    <name>RunMode</name>
    <message>
        <source>Pause on a collapse</source>
        <translation>崩溃时暂停</translation>
    </message>
    <message>
        <source>Warn on a collapse</source>
        <translation>崩溃时警告</translation>
    </message>
    <message>
        <source>Ignore collapses</source>
        <translation>忽略崩溃</translation>
    </message>
</context>
<context>
    <name>ScheduleEditor</name>
    <message>
        <source>the epoch limit</source>
        <extracomment>arguments that are not single numbers are left to the design file</extracomment>
        <translation>轮数上限</translation>
    </message>
    <message>
        <source>{name}: expected a number, found &apos;{text}&apos;</source>
        <translation>{name}：应为一个数，实际为“{text}”</translation>
    </message>
</context>
<context>
    <name>ShapeEditor</name>
    <message>
        <source>e.g. 2 or 28, 28, 1</source>
        <translation>例如 2 或 28, 28, 1</translation>
    </message>
    <message>
        <source>Write whole numbers from 1 to {most}, e.g. 28, 28, 1.</source>
        <translation>请填写 1 到 {most} 之间的整数，例如 28, 28, 1。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>Size2Editor</name>
    <message>
        <source>height</source>
        <translation>高</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽</translation>
    </message>
</context>
<context>
    <name>SoftmaxView</name>
    <message>
        <source>logits, e.g. 2.3, 4.1, 5.6</source>
        <translation>logits，例如 2.3, 4.1, 5.6</translation>
    </message>
    <message>
        <source>Type logits and press Enter</source>
        <translation>输入 logits 后按回车</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>true class </source>
        <translation>真实类别 </translation>
    </message>
    <message>
        <source>The true class of the typed logits</source>
        <translation>所输入 logits 的真实类别</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>The course&apos;s example: 2.3, 4.1, 5.6</source>
        <translation>课程中的例子：2.3, 4.1, 5.6</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&lt;b&gt;Softmax and cross-entropy&lt;/b&gt;</source>
        <translation>&lt;b&gt;Softmax 与交叉熵&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Click a point of the decision map or an image of the gallery to see the network&apos;s numbers for it, or type logits below.</source>
        <translation>单击决策图上的一个点或图库中的一张图片，查看网络对它算出的数值；也可以在下面输入 logits。</translation>
    </message>
    <message>
        <source>The output layer uses tanh: one value between -1 and 1 whose sign is the class (as in TensorFlow Playground), trained with squared error. There is no softmax and no cross-entropy here; the decision map shows this value. Use sigmoid with binary_crossentropy, or softmax with one unit per class, to see probabilities.</source>
        <translation>输出层使用 tanh：输出一个介于 -1 和 1 之间的值，其正负号表示类别（与 TensorFlow Playground 相同），用平方误差训练。这里没有 softmax，也没有交叉熵；决策图显示的就是这个值。要看到概率，请使用 sigmoid 配 binary_crossentropy，或每个类别一个单元的 softmax。</translation>
    </message>
    <message>
        <source>The output layer ({activation}) gives a value, not class probabilities: there is no softmax to show.</source>
        <translation>输出层（{activation}）给出的是一个值，而不是类别概率：没有 softmax 可显示。</translation>
    </message>
    <message>
        <source>Expected numbers separated by commas, found &apos;{text}&apos;.</source>
        <translation>应为以逗号分隔的数字，实际为“{text}”。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Typed logits&lt;/b&gt;</source>
        <translation>&lt;b&gt;输入的 logits&lt;/b&gt;</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>Σ e&lt;sup&gt;z&lt;/sup&gt; = {terms} = {total}</source>
        <translation>Σ e&lt;sup&gt;z&lt;/sup&gt; = {terms} = {total}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Every z was lowered by {shift} before e&lt;sup&gt;z&lt;/sup&gt; (e&lt;sup&gt;z&lt;/sup&gt; of a large z overflows); the probabilities are the same.&lt;/p&gt;</source>
        <translation>&lt;p&gt;计算 e&lt;sup&gt;z&lt;/sup&gt; 之前，每个 z 都减去了 {shift}（z 很大时 e&lt;sup&gt;z&lt;/sup&gt; 会溢出）；概率不变。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>One sigmoid unit: z = {z}, p({positive}) = 1 / (1 + e&lt;sup&gt;−z&lt;/sup&gt;) = 1 / (1 + {e}) = &lt;b&gt;{p:.2f}&lt;/b&gt; ({p_full}); p({negative}) = 1 − p = &lt;b&gt;{q:.2f}&lt;/b&gt;</source>
        <translation>一个 sigmoid 单元：z = {z}，p({positive}) = 1 / (1 + e&lt;sup&gt;−z&lt;/sup&gt;) = 1 / (1 + {e}) = &lt;b&gt;{p:.2f}&lt;/b&gt;（{p_full}）；p({negative}) = 1 − p = &lt;b&gt;{q:.2f}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>True class: &lt;b&gt;{name} {mark}&lt;/b&gt;. Binary cross-entropy = −{ln} = −ln {p} = &lt;b&gt;{loss}&lt;/b&gt;</source>
        <translation>真实类别：&lt;b&gt;{name} {mark}&lt;/b&gt;。二元交叉熵 = −{ln} = −ln {p} = &lt;b&gt;{loss}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Predicted: &lt;b&gt;{name}&lt;/b&gt;. No true class: no cross-entropy.&lt;/p&gt;</source>
        <translation>&lt;p&gt;预测：&lt;b&gt;{name}&lt;/b&gt;。没有真实类别，因此没有交叉熵。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Predicted: &lt;b&gt;{predicted}&lt;/b&gt;; true class: &lt;b&gt;{true} {mark}&lt;/b&gt;.&lt;br&gt;Cross-entropy = −ln p(true) = −ln {p} = &lt;b&gt;{loss}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;预测：&lt;b&gt;{predicted}&lt;/b&gt;；真实类别：&lt;b&gt;{true} {mark}&lt;/b&gt;。&lt;br&gt;交叉熵 = −ln p(真实) = −ln {p} = &lt;b&gt;{loss}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SpeedBox</name>
    <message>
        <source>How fast training runs: a slow pace to watch the boundary form, Playground&apos;s one epoch per frame, or as fast as possible</source>
        <translation>训练速度：慢速以便观察边界形成，像 Playground 那样每帧一轮，或尽可能快</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>{count} parameters</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>✖ {count} errors</source>
        <translation>✖ {count} 个错误</translation>
    </message>
    <message>
        <source>✖ 1 error</source>
        <translation>✖ 1 个错误</translation>
    </message>
    <message>
        <source>⚠ {count} warnings</source>
        <translation>⚠ {count} 个警告</translation>
    </message>
    <message>
        <source>⚠ 1 warning</source>
        <translation>⚠ 1 个警告</translation>
    </message>
    <message>
        <source>✔ ready to train</source>
        <translation>✔ 可以训练</translation>
    </message>
    <message>
        <source>empty design</source>
        <translation>空设计</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <source>Model summary</source>
        <translation>模型概要</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>Play / Pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Step one batch</source>
        <translation>单步训练一批</translation>
    </message>
    <message>
        <source>Step one epoch</source>
        <translation>单步训练一轮</translation>
    </message>
    <message>
        <source>Step back one epoch</source>
        <translation>后退一轮</translation>
    </message>
    <message>
        <source>Reset training</source>
        <translation>重置训练</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action}（{keys}）</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>一批</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>一轮</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New seed</source>
        <translation>新种子</translation>
    </message>
    <message>
        <source>Epoch 0</source>
        <translation>第 0 轮</translation>
    </message>
    <message>
        <source>Iteration 0</source>
        <translation>第 0 次迭代</translation>
    </message>
    <message>
        <source>Progress to the epoch limit</source>
        <translation>距轮数上限的进度</translation>
    </message>
    <message>
        <source>Open or build a design, then press Play.</source>
        <translation>打开或搭建一个设计，然后按“播放”。</translation>
    </message>
    <message>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>Train until Pause, as Playground does; off: stop at the epoch limit</source>
        <translation>像 Playground 一样一直训练到暂停；关闭：到轮数上限时停止</translation>
    </message>
    <message>
        <source>Train until paused or the epoch limit (Ctrl+Space)</source>
        <translation>一直训练到暂停或达到轮数上限（Ctrl+Space）</translation>
    </message>
    <message>
        <source>Pause and train exactly one batch</source>
        <translation>暂停并只训练一批</translation>
    </message>
    <message>
        <source>Pause and train one whole epoch</source>
        <translation>暂停并训练完整的一轮</translation>
    </message>
    <message>
        <source>Go back to the weights at the end of the previous epoch</source>
        <translation>回到上一轮结束时的权重</translation>
    </message>
    <message>
        <source>Start again from the initial weights given by the seed</source>
        <translation>从随机种子给出的初始权重重新开始</translation>
    </message>
    <message>
        <source>Pick a new random seed and start again</source>
        <translation>换一个新的随机种子重新开始</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Epoch {epoch} / {limit}</source>
        <translation>第 {epoch} / {limit} 轮</translation>
    </message>
    <message>
        <source>Epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source>Iteration {iteration}</source>
        <translation>第 {iteration} 次迭代</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>TrainingLink</name>
    <message>
        <source>The design has {count} problems (see Problems): fix them to train. First: {first}</source>
        <translation>设计有 {count} 个问题（见“问题”面板）：修正后才能训练。第一个：{first}</translation>
    </message>
    <message>
        <source>The design has 1 problem (see Problems): fix them to train. First: {first}</source>
        <translation>设计有 1 个问题（见“问题”面板）：修正后才能训练。问题是：{first}</translation>
    </message>
</context>
<context>
    <name>TrainingSettingsPanel</name>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Stop when the monitored value has not improved by min_delta for &apos;patience&apos; epochs (tf.keras EarlyStopping)</source>
        <translation>被监测的值连续 patience 轮的改善都不到 min_delta 时停止（tf.keras 的 EarlyStopping）</translation>
    </message>
    <message>
        <source>patience </source>
        <translation>patience </translation>
    </message>
    <message>
        <source>min_delta: the least improvement</source>
        <translation>min_delta：最小的改善量</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>When it stops, put back the weights of the best epoch</source>
        <translation>停止时，恢复最佳一轮的权重</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epoch limit</source>
        <translation>轮数上限</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>min_delta</source>
        <translation>min_delta</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Changes apply at the next batch, even while training</source>
        <translation>更改在下一批生效，训练中也一样</translation>
    </message>
    <message>
        <source>L1/L2 strength on every Dense kernel; applies live</source>
        <translation>作用于每个 Dense kernel 的 L1/L2 强度；实时生效</translation>
    </message>
</context>
<context>
    <name>TrainingUI</name>
    <message>
        <source>Test image {index}</source>
        <translation>测试图片 {index}</translation>
    </message>
    <message>
        <source>Point ({x1:.2f}, {x2:.2f}), no true class</source>
        <translation>点 ({x1:.2f}, {x2:.2f})，没有真实类别</translation>
    </message>
    <message>
        <source>Point ({x1:.2f}, {x2:.2f}), true class {label}</source>
        <translation>点 ({x1:.2f}, {x2:.2f})，真实类别 {label}</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>Add {type} &apos;{node}&apos;</source>
        <extracomment>QUndoCommand ids for merging (Qt asks for a distinct int per mergeable kind)</extracomment>
        <translation>添加 {type}“{node}”</translation>
    </message>
    <message>
        <source>Delete {type} &apos;{node}&apos;</source>
        <translation>删除 {type}“{node}”</translation>
    </message>
    <message>
        <source>Disconnect {source} → {target}</source>
        <translation>断开 {source} → {target}</translation>
    </message>
    <message>
        <source>Delete {count} layers</source>
        <translation>删除 {count} 个层</translation>
    </message>
    <message>
        <source>Delete {count} wires</source>
        <translation>删除 {count} 条连线</translation>
    </message>
    <message>
        <source>Move {names}</source>
        <translation>移动 {names}</translation>
    </message>
    <message>
        <source>Move layers</source>
        <translation>移动多个层</translation>
    </message>
    <message>
        <source>Connect {source} → {target}</source>
        <translation>连接 {source} → {target}</translation>
    </message>
    <message>
        <source>Set {name} of &apos;{node}&apos; to {value}</source>
        <translation>把“{node}”的 {name} 设为 {value}</translation>
    </message>
    <message>
        <source>Set {what} to {value}</source>
        <translation>把 {what} 设为 {value}</translation>
    </message>
    <message>
        <source>Add a neuron to &apos;{node}&apos;</source>
        <translation>给“{node}”添加一个神经元</translation>
    </message>
    <message>
        <source>Remove neuron {number} of &apos;{node}&apos;</source>
        <translation>删除“{node}”的第 {number} 个神经元</translation>
    </message>
    <message>
        <source>neuron {number} of &apos;{node}&apos;</source>
        <translation>“{node}”的第 {number} 个神经元</translation>
    </message>
    <message>
        <source>bias of {neuron}</source>
        <translation>{neuron}的偏置</translation>
    </message>
    <message>
        <source>input {number}</source>
        <translation>输入 {number}</translation>
    </message>
    <message>
        <source>weight {source} → {neuron}</source>
        <translation>权重 {source} → {neuron}</translation>
    </message>
    <message>
        <source>Set {weight} to {value}</source>
        <translation>把{weight}设为 {value}</translation>
    </message>
</context>
</TS>
